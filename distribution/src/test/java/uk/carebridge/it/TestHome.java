package uk.carebridge.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

import org.apache.commons.io.file.PathUtils;

import uk.carebridge.server.CareBridgeServer;
import uk.carebridge.server.config.ConfigLoader;
import uk.carebridge.server.plugin.PluginCatalog;
import uk.carebridge.server.plugin.PluginLoader;
import uk.carebridge.server.plugin.PluginPartnerCheck;

/**
 * A CareBridge home folder for one test: config/, routes/ and data/, written by the test, run with
 * the plugins of the assembled distribution (target/carebridge/plugins), as an admin would.
 */
final class TestHome {

    final Path root;

    TestHome(Path root) throws IOException {
        this.root = root;
        Files.createDirectories(root.resolve("config/partners"));
        Files.createDirectories(root.resolve("routes"));
        // No TCP listeners: tests must not fight over ports 61616 and 8080; the server uses the in-JVM transport.
        server("broker:\n  port: 0\nhttp:\n  port: 0\n");
    }

    /**
     * The demo home as shipped: the distribution's config/ and routes/ (the repo's own) copied as they are. A test
     * then changes with {@link #edit} only what cannot stay as shipped, such as fixed ports.
     */
    static TestHome shippedDemo(Path root) throws IOException {
        TestHome home = new TestHome(root);
        PathUtils.copyDirectory(distribution().resolve("config"), root.resolve("config"), StandardCopyOption.REPLACE_EXISTING);
        PathUtils.copyDirectory(distribution().resolve("routes"), root.resolve("routes"), StandardCopyOption.REPLACE_EXISTING);
        return home;
    }

    /** Replaces {@code from} by {@code to} in the home's {@code file}; fails unless {@code from} occurs exactly once. */
    TestHome edit(String file, String from, String to) throws IOException {
        Path path = root.resolve(file);
        String text = Files.readString(path);
        int at = text.indexOf(from);
        if (at < 0 || text.indexOf(from, at + 1) >= 0) {
            throw new AssertionError(file + " should hold '" + from + "' exactly once:\n" + text);
        }
        Files.writeString(path, text.replace(from, to));
        return this;
    }

    static Path distribution() {
        return Path.of(System.getProperty("carebridge.dist", "target/carebridge")).toAbsolutePath();
    }

    static Path pluginFolder() {
        return distribution().resolve("plugins");
    }

    TestHome server(String yaml) throws IOException {
        Files.writeString(root.resolve("config/carebridge.yaml"), yaml);
        return this;
    }

    TestHome partner(String id, String yaml) throws IOException {
        Files.writeString(root.resolve("config/partners/" + id + ".yaml"), "id: " + id + "\n" + yaml);
        return this;
    }

    /** A care-provider partner with an inbox (and optionally an outbox) under data/partners/<id>/. */
    TestHome careHome(String id, String ods, boolean outbox) throws IOException {
        return partner(id, "odsCode: " + ods + "\nplugin: care-provider\nsettings:\n  inbox: data/partners/" + id + "/inbox\n"
                + "  pollDelay: 200\n" + (outbox ? "  outbox: data/partners/" + id + "/outbox\n" : ""));
    }

    TestHome outboxPartner(String id, String ods) throws IOException {
        return partner(id, "odsCode: " + ods + "\nplugin: care-provider\nsettings:\n  outbox: data/partners/" + id + "/outbox\n");
    }

    TestHome httpPartner(String id, String ods, String url, String delivery) throws IOException {
        return partner(id, "odsCode: " + ods + "\nplugin: care-provider\nsettings:\n  deliveryUrl: " + url + "\n"
                + (delivery == null ? "" : "delivery:\n" + delivery));
    }

    /** An nhs-trust partner; {@code settings} is the YAML under {@code settings:}, indented two spaces. */
    TestHome trust(String id, String ods, String settings, String delivery) throws IOException {
        return partner(id, "odsCode: " + ods + "\nplugin: nhs-trust\nsettings:\n" + settings
                + (delivery == null ? "" : "delivery:\n" + delivery));
    }

    /** The settings of a trust whose PAS sends HL7 v2 to CareBridge's MLLP listener on 127.0.0.1:{@code port}. */
    static String mllpInbound(int port) {
        return "  mllpPort: " + port + "\n  mllpHost: 127.0.0.1\n";
    }

    TestHome routes(String yaml) throws IOException {
        Files.writeString(root.resolve("routes/routes.yaml"), yaml);
        return this;
    }

    Path inbox(String partner) {
        return root.resolve("data/partners/" + partner + "/inbox");
    }

    Path partnerFolder(String partner, String name) {
        return root.resolve("data/partners/" + partner + "/" + name);
    }

    /** Drops a CSV the way a well-behaved partner does: write under a dot-name, then rename. */
    Path drop(String partner, String fileName, String csv) throws IOException {
        Path inbox = Files.createDirectories(inbox(partner));
        Path tmp = inbox.resolve("." + fileName);
        Files.writeString(tmp, csv, StandardCharsets.UTF_8);
        return Files.move(tmp, inbox.resolve(fileName));
    }

    static List<Path> files(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    CareBridgeServer start() throws Exception {
        return start(PluginLoader.load(pluginFolder()));
    }

    CareBridgeServer start(PluginCatalog plugins) throws Exception {
        ConfigLoader.Result config = new ConfigLoader().load(root.resolve("config"), root.resolve("routes"),
                plugins.settingsById(), new PluginPartnerCheck(plugins));
        if (!config.ok()) {
            throw new AssertionError("test config invalid: " + config.errors());
        }
        return CareBridgeServer.start(config.config(), plugins);
    }
}
