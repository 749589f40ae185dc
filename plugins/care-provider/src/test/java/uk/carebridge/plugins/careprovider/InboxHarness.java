package uk.carebridge.plugins.careprovider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.impl.DefaultCamelContext;

import uk.carebridge.plugins.careprovider.inbound.Fixtures;

/**
 * The plugin's receiver running in a real Camel context over real folders: {@code <home>/drop/inbox},
 * with done/ and error/ left to their defaults (siblings of the inbox).
 */
final class InboxHarness implements AutoCloseable {

    final Path home;
    final Path inbox;
    final Path done;
    final Path error;
    final RecordingGateway gateway = new RecordingGateway();
    final TestPartnerContext context;
    private final CamelContext camel = new DefaultCamelContext();

    InboxHarness(Path home) throws Exception {
        this.home = home;
        this.inbox = home.resolve("drop/inbox");
        this.done = home.resolve("drop/done");
        this.error = home.resolve("drop/error");
        Files.createDirectories(inbox);
        // Relative, as in a partner file: resolved against the CareBridge home.
        context = TestPartnerContext.of(home, gateway, Map.of("inbox", "drop/inbox", "pollDelay", "100"));
        RoutesBuilder receiver = new CareProviderPlugin().receiver(context);
        camel.addRoutes(receiver);
        camel.start();
    }

    CamelContext camel() {
        return camel;
    }

    /** Drops a file the way partners are told to: write a dot-file, then rename it. */
    Path drop(String name, byte[] content) {
        try {
            Path temp = inbox.resolve("." + name);
            Files.write(temp, content);
            return Files.move(temp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path dropFixture(String name) {
        return drop(name, Fixtures.bytes(name));
    }

    /** Waits until the named file has left the inbox. */
    void awaitGone(String name) {
        await(() -> !Files.exists(inbox.resolve(name)), "file " + name + " to leave the inbox");
    }

    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }

    static List<String> names(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The one file in {@code folder} whose name matches {@code regex}. */
    static Path single(Path folder, String regex) {
        List<String> matching = names(folder).stream().filter(n -> n.matches(regex)).toList();
        if (matching.size() != 1) {
            throw new AssertionError("expected one file matching " + regex + " in " + folder + ", found " + names(folder));
        }
        return folder.resolve(matching.get(0));
    }

    @Override
    public void close() {
        camel.stop();
    }
}
