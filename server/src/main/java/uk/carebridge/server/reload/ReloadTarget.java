package uk.carebridge.server.reload;

import uk.carebridge.server.config.ConfigSet;
import uk.carebridge.server.partner.ReloadResult;

/** What the reloader applies valid edits to: the running set, and a way to replace it (the running server). */
public interface ReloadTarget {

    /** The set running now. */
    ConfigSet config();

    /** Replaces the running partners, groups and routes with {@code next}, already loaded and checked. */
    ReloadResult reload(ConfigSet next) throws Exception;
}
