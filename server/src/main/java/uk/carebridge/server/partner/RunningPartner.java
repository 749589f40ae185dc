package uk.carebridge.server.partner;

import java.util.List;

import uk.carebridge.plugin.Partner;

/** A partner that runs, and what its plugin says about where its traffic goes. */
public record RunningPartner(Partner partner, String plugin, List<String> description) {
}
