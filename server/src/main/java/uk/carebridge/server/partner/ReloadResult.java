package uk.carebridge.server.partner;

import java.util.List;

/**
 * What a hot reload did: the rule set versions, and which partners were started, stopped or restarted.
 * {@code failed}: partners of the new set that could not start (the others run).
 */
public record ReloadResult(String oldVersion, String newVersion, int routes, List<String> added,
                           List<String> removed, List<String> restarted, List<FailedPartner> failed) {
    @Override
    public String toString() {
        return "Rules " + oldVersion + " -> " + newVersion + " applied: " + routes + " routes; partners added "
                + added + ", removed " + removed + ", restarted " + restarted
                + (failed.isEmpty() ? "" : "; not started: " + failed);
    }
}
