package uk.carebridge.plugins.careprovider;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The partner's three folders: {@code inbox} (they drop files), {@code done} (processed files, with a
 * time stamp so a resend under the same name never overwrites), {@code error} (files we could not read
 * at all, with a {@code .reason.txt}, and the {@code -errors.csv} reports of bad rows).
 */
record DropFolders(Path inbox, Path done, Path error) {

    /** Stamps are UK wall-clock time: that is what the care home staff reading the folder see. */
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneId.of("Europe/London"));

    static String stamp(Instant when) {
        return STAMP.format(when);
    }

    /** Moves a processed file to {@code done/<base>-<stamp>.<ext>}. */
    Path archive(Path file, String stamp) throws IOException {
        FileName name = FileName.of(file);
        return move(file, done.resolve(name.base() + "-" + stamp + name.dotExtension()));
    }

    /** Moves a file that cannot be read as a whole to {@code error/} unchanged, with the reason beside it. */
    Path quarantine(Path file, String reason) throws IOException {
        Files.createDirectories(error);
        Path target = error.resolve(file.getFileName().toString());
        writeAtomically(error.resolve(file.getFileName() + ".reason.txt"),
                (reason + System.lineSeparator()).getBytes(StandardCharsets.UTF_8));
        return move(file, target);
    }

    /** Where the bad rows of a file go: {@code error/<base>-<stamp>-errors.csv}. */
    Path errorReport(Path file, String stamp) {
        return error.resolve(FileName.of(file).base() + "-" + stamp + "-errors.csv");
    }

    /** Writes beside the target first, then renames: whoever watches the folder never sees half a file. */
    static void writeAtomically(Path target, byte[] content) throws IOException {
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.write(temp, content);
        move(temp, target);
    }

    private static Path move(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        try {
            return Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Another file system (a mounted share): a plain move is the best we can do.
            return Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** A file name split at its last dot: {@code residents-may.csv} -> {@code residents-may} + {@code .csv}. */
    record FileName(String base, String dotExtension) {
        static FileName of(Path file) {
            String name = file.getFileName().toString();
            int dot = name.lastIndexOf('.');
            return dot <= 0 ? new FileName(name, "") : new FileName(name.substring(0, dot), name.substring(dot));
        }
    }
}
