package uk.carebridge.plugins.careprovider;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultPollingConsumerPollStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs before each poll of the inbox (Camel's {@code pollStrategy}): gives every file whose name Camel or the
 * {@code done/} and {@code error/} folders cannot take its safe name ({@link InboxNames}), so that the same poll
 * lists it and it is processed like any other file. Logs name the safe name only: an unusable name may hold
 * line breaks (a forged log line) or anything else.
 */
final class InboxRenamer extends DefaultPollingConsumerPollStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(InboxRenamer.class);

    private final String partnerId;
    private final Path inbox;
    /** Safe names that could not be given, so the warning is logged once, not at every poll. */
    private final Set<String> failed = ConcurrentHashMap.newKeySet();

    InboxRenamer(String partnerId, Path inbox) {
        this.partnerId = partnerId;
        this.inbox = inbox;
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        renameUnusable();
        return super.begin(consumer, endpoint);
    }

    /** Renames every file in the inbox whose name cannot be used; never throws (the poll goes on regardless). */
    void renameUnusable() {
        if (!Files.isDirectory(inbox)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(inbox)) {
            for (Path file : files) {
                Optional<InboxNames.Rename> rename = InboxNames.safeName(file.getFileName().toString());
                if (rename.isPresent() && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    rename(file, rename.get());
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: cannot look for unusable file names in the inbox {}: {}", partnerId, inbox, e.toString());
        }
    }

    private void rename(Path file, InboxNames.Rename rename) {
        Path target = inbox.resolve(rename.safeName());
        try {
            // No replace: a file already under that name (the same name dropped twice) goes first, this one next poll.
            Files.move(file, target);
            failed.remove(rename.safeName());
            LOG.info("{}: an inbox file's name cannot be used as it is ({}): renamed to {}", partnerId, rename.why(),
                    rename.safeName());
        } catch (FileAlreadyExistsException e) {
            LOG.debug("{}: {} is still in the inbox; the next file for that name waits", partnerId, rename.safeName());
        } catch (IOException e) {
            if (failed.add(rename.safeName())) {
                LOG.warn("{}: an inbox file's name cannot be used as it is ({}) and it cannot be renamed to {}: {}",
                        partnerId, rename.why(), rename.safeName(), e.getClass().getSimpleName());
            }
        }
    }
}
