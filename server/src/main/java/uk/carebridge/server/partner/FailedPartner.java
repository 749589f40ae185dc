package uk.carebridge.server.partner;

/** A partner that could not start, and why; the others run. */
public record FailedPartner(String partnerId, String reason) {
}
