package uk.carebridge.server.config;

/** The names of the files and folders an admin edits, relative to {@code config/} (and {@code routes/}). */
public final class ConfigFiles {
    private ConfigFiles() {
    }

    /** The server's own settings, read at start-up only. */
    public static final String SERVER_FILE = "carebridge.yaml";
    /** One organisation per file. */
    public static final String PARTNERS_FOLDER = "partners";
    /** Named groups of partners for routes. */
    public static final String GROUPS_FILE = "groups.yaml";
}
