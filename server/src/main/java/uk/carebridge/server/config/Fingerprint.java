package uk.carebridge.server.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A short name for one state of the files that decide routing (routes, partners, groups): the first 8 hex
 * digits of a SHA-256 over their names and contents. Equal files, equal name; any edit, a new one. The journal
 * records it for every routed message; the server compares it to notice an edit.
 */
public final class Fingerprint {
    private Fingerprint() {
    }

    public static String of(Path configFolder, Path routesFolder) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path file : files(configFolder, routesFolder)) {
                sha.update(file.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(Files.readAllBytes(file));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 8);
        } catch (IOException e) {
            // A file vanished while being read: an edit in progress; the next look sees it settled.
            return "unreadable";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java", e);
        }
    }

    private static List<Path> files(Path configFolder, Path routesFolder) throws IOException {
        List<Path> files = new ArrayList<>();
        Path groups = configFolder.resolve(ConfigFiles.GROUPS_FILE);
        if (Files.isRegularFile(groups)) {
            files.add(groups);
        }
        files.addAll(yaml(configFolder.resolve(ConfigFiles.PARTNERS_FOLDER)));
        files.addAll(yaml(routesFolder));
        return files;
    }

    private static List<Path> yaml(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(f -> f.getFileName().toString().matches("[^.].*\\.ya?ml")).sorted().toList();
        }
    }
}
