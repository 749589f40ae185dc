package uk.carebridge.server.broker;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.activemq.util.DefaultIOExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the embedded broker does when its store cannot write. A full disk (the error says so, or the disk guard sees
 * the disk low) is ridden out: that write fails, its transaction rolls back, the sender is told to resend later, and
 * the broker carries on and takes messages again once there is space (ActiveMQ's own handler would stop the broker
 * for a no-space error it does not recognise by its text, and a stopped embedded broker never comes back while the
 * process lives). Any other store failure (a disk gone) stops the broker, as ActiveMQ does, and tells the server,
 * which exits non-zero so that a supervisor restarts it.
 */
final class StoreFailureHandler extends DefaultIOExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(StoreFailureHandler.class);

    private final DiskGuardHolder disk;
    private final Runnable onStopped;
    private final AtomicBoolean warned = new AtomicBoolean();

    /** Gives the guard as it is now (it is replaced when folders are added). */
    interface DiskGuardHolder {
        DiskGuard get();
    }

    StoreFailureHandler(DiskGuardHolder disk, Runnable onStopped) {
        this.disk = disk;
        this.onStopped = onStopped;
        setIgnoreNoSpaceErrors(false); // decided here, with the disk guard, not by ActiveMQ's text match
    }

    @Override
    public void handle(IOException exception) {
        DiskGuard guard = disk.get();
        if (saysNoSpace(exception) || guard != null && guard.lowSpace() != null) {
            if (warned.compareAndSet(false, true)) {
                LOG.warn("The broker's store could not write, the disk is full ({}): that transaction failed and its "
                        + "sender is told to resend; the broker goes on and takes messages again once there is space",
                        exception.getMessage());
            }
            return;
        }
        warned.set(false);
        LOG.error("The broker's store failed ({}): stopping the broker; CareBridge exits so that it is restarted",
                exception.toString());
        onStopped.run();
        super.handle(exception);
    }

    /** After the disk has room again: the next no-space episode is logged again. */
    void spaceIsBack() {
        warned.set(false);
    }

    private static boolean saysNoSpace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("No space left") || m.contains("Disk quota exceeded") || m.contains("ENOSPC"))) {
                return true;
            }
        }
        return false;
    }
}
