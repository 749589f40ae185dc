package uk.carebridge.server.broker;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses partners (as "resend later") while a disk CareBridge writes to has less free space than a margin, so the
 * broker store, the journal and the outboxes never run into a full disk. The free space is read as it is now
 * (a statfs, cached for a short while), not once at start-up: other programs fill disks too. One entry per
 * file system, however many folders share it.
 */
final class DiskGuard {

    private static final Logger LOG = LoggerFactory.getLogger(DiskGuard.class);
    private static final long MIB = 1024L * 1024;
    static final long DEFAULT_MARGIN = 256 * MIB;
    private static final long CACHE_NANOS = 200_000_000L;

    /** Each file system's margin, by a folder on it. */
    private final Map<Path, Long> margins;
    /** broker.minFreeDiskMb in bytes; null: the default for each disk's size. */
    private final Long configured;
    private volatile long checkedAt;
    private volatile String verdict;
    private volatile boolean wasLow;

    private DiskGuard(Map<Path, Long> margins, Long configured) {
        this.margins = margins;
        this.configured = configured;
    }

    /** {@code minFreeMb}: the margin, or null for the default (256 MiB, or 5% of a disk smaller than 5 GiB). */
    static DiskGuard of(Long minFreeMb, Path folder) {
        return new DiskGuard(new LinkedHashMap<>(), minFreeMb == null ? null : minFreeMb * MIB).with(List.of(folder));
    }

    /** This guard, watching the disks of {@code folders} too. */
    DiskGuard with(Collection<Path> folders) {
        DiskGuard next = new DiskGuard(new LinkedHashMap<>(margins), configured);
        List<FileStore> known = new ArrayList<>();
        for (Path p : next.margins.keySet()) {
            store(p).ifPresent(known::add);
        }
        for (Path folder : folders) {
            Path existing = existing(folder);
            var store = store(existing);
            if (store.isEmpty() || known.contains(store.get())) {
                continue;
            }
            known.add(store.get());
            long margin = configured != null ? configured : defaultMargin(total(store.get()));
            next.margins.put(existing, margin);
            LOG.info("Partners are refused while the disk of {} has under {} MiB free ({} MiB now)", existing,
                    margin / MIB, existing.toFile().getUsableSpace() / MIB);
        }
        return next;
    }

    static long defaultMargin(long totalBytes) {
        return totalBytes > 0 && totalBytes < 5L * 1024 * MIB ? totalBytes / 20 : DEFAULT_MARGIN;
    }

    /** Why partners must be refused now (a disk is low), else null. */
    String lowSpace() {
        long now = System.nanoTime();
        if (now - checkedAt < CACHE_NANOS) {
            return verdict;
        }
        String found = null;
        for (Map.Entry<Path, Long> m : margins.entrySet()) {
            long free = m.getKey().toFile().getUsableSpace();
            if (free < m.getValue()) {
                found = "the disk of " + m.getKey() + " has " + free / MIB + " MiB free, under the " + m.getValue() / MIB
                        + " MiB CareBridge keeps free (broker.minFreeDiskMb)";
                break;
            }
        }
        if (found != null && !wasLow) {
            LOG.warn("Refusing partners' new messages: {}; free space on that disk to resume", found);
        } else if (found == null && wasLow) {
            LOG.info("Disk space is back above the margin: partners' messages are taken again");
        }
        wasLow = found != null;
        verdict = found;
        checkedAt = now;
        return found;
    }

    private static Path existing(Path folder) {
        File f = folder.toAbsolutePath().toFile();
        while (f != null && !f.exists()) {
            f = f.getParentFile();
        }
        return f == null ? folder.toAbsolutePath() : f.toPath();
    }

    private static java.util.Optional<FileStore> store(Path p) {
        try {
            return java.util.Optional.of(Files.getFileStore(p));
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    private static long total(FileStore store) {
        try {
            return store.getTotalSpace();
        } catch (IOException e) {
            return 0;
        }
    }
}
