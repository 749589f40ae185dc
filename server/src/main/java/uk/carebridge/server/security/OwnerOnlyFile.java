package uk.carebridge.server.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** A file only its owner may read, for what CareBridge generates and keeps secret (broker identity, key). */
public final class OwnerOnlyFile {
    private OwnerOnlyFile() {
    }

    /**
     * Writes {@code content} to {@code file} unless it exists: to an owner-only temporary file first, then linked
     * into place (a link never replaces a file), so no one ever sees a half-written or world-readable one. Another
     * process that got there first wins; its file is kept.
     */
    public static void createOnce(Path file, String content) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling("." + file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(tmp);
            tmp.toFile().setReadable(false, false);
            tmp.toFile().setReadable(true, true);
            tmp.toFile().setWritable(true, true);
        }
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        try {
            // A hard link, not a rename: a rename would silently replace a file another process made meanwhile,
            // after that process had read it.
            Files.createLink(file, tmp);
        } catch (FileAlreadyExistsException raced) {
            // kept: the other process's
        } catch (UnsupportedOperationException noLinks) {
            if (!Files.exists(file)) {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
