package uk.carebridge.plugins.careprovider.inbound;

/**
 * The file as a whole cannot be processed (unknown kind, a required column missing, not CSV, not UTF-8).
 * The message is written to {@code <file>.reason.txt}: it says what is wrong and what to do, and never
 * quotes the file's content.
 */
public final class RejectedFileException extends Exception {
    RejectedFileException(String reason) {
        super(reason);
    }
}
