package uk.carebridge.plugins.nhstrust;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import uk.carebridge.plugin.InboundGateway;
import uk.carebridge.plugin.InboundOutcome;
import uk.carebridge.plugin.InboundRecord;
import uk.carebridge.plugin.InboundUnavailableException;
import uk.carebridge.plugins.nhstrust.inbound.Acks;
import uk.carebridge.plugins.nhstrust.inbound.AdtReader;
import uk.carebridge.plugins.nhstrust.inbound.AdtReading;
import uk.carebridge.plugins.nhstrust.inbound.Hl7Errors;
import uk.carebridge.plugins.nhstrust.inbound.Hl7Fingerprint;

/**
 * One HL7 v2 message from a trust in, one ACK out. The ACK is AA only once the gateway returned, that is
 * once the broker holds the message (or held it before: a resent MSH-10 is acknowledged again and not
 * routed twice; a different message under a reused MSH-10 is a new message). Refusals are journaled through the
 * gateway and answered AE/AR with the reason. Logs name CareBridge's message id, never the MSH-10: it is the
 * sender's text, and some systems put a patient's number in it.
 */
final class AdtIntake {

    private static final Logger LOG = LoggerFactory.getLogger(AdtIntake.class);

    private final String partnerId;
    private final AdtReader reader;
    private final InboundGateway gateway;

    AdtIntake(String partnerId, AdtReader reader, InboundGateway gateway) {
        this.partnerId = partnerId;
        this.reader = reader;
        this.gateway = gateway;
    }

    /** The ACK to send back for {@code er7}. Never throws: every message gets an answer. */
    String acknowledge(String er7) {
        AdtReading reading;
        try {
            reading = reader.read(er7 == null ? "" : er7);
        } catch (RuntimeException e) {
            // A translator bug must not leave the sender without an answer. Reading touches nothing but the message,
            // so the same message fails the same way every time: AE (do not resend it unchanged), never the AR that
            // asks for a resend, which an engine would repeat for ever while its ADT queue waits behind it.
            LOG.error("partner {}: could not translate an HL7 message ({}); answered AE", partnerId,
                    e.getClass().getSimpleName(), e);
            return Acks.ack(er7, "AE", new AdtReading.Refused(null, "AE", "MSH", null, Hl7Errors.APPLICATION_INTERNAL_ERROR,
                    "CareBridge could not read this message (a fault in CareBridge, reported to its administrator); it "
                            + "was not accepted, and sent again unchanged it fails the same way: contact the CareBridge "
                            + "administrator"));
        }
        if (reading instanceof AdtReading.Refused refused) {
            String messageId = journalRefusal(er7, refused);
            LOG.warn("partner {}: HL7 message {} refused {}: {}", partnerId, messageId, refused.code(),
                    refused.reason());
            return Acks.ack(er7, refused.code(), refused);
        }
        AdtReading.Translated translated = (AdtReading.Translated) reading;
        InboundOutcome outcome;
        try {
            outcome = gateway.submit(InboundRecord.message(translated.controlId(), Hl7Fingerprint.of(er7),
                    translated.message()));
        } catch (InboundUnavailableException e) {
            LOG.warn("partner {}: an HL7 message was not accepted, CareBridge cannot persist it now: {}", partnerId,
                    e.getMessage());
            return Acks.unavailable(er7, "CareBridge cannot store messages at the moment; resend later");
        } catch (RuntimeException e) {
            // Without an ACK property camel-mllp answers nothing and the sender waits for its timeout: answer AR
            // (resend later; a resend is recognised by its MSH-10 should the message have been stored after all).
            LOG.error("partner {}: an HL7 message was not accepted, the inbound gateway failed ({}); answered AR",
                    partnerId, e.getClass().getSimpleName(), e);
            return Acks.unavailable(er7, "CareBridge could not store this message (internal error); resend it later "
                    + "or contact the CareBridge administrator");
        }
        if (outcome.isPersisted()) {
            LOG.debug("partner {}: HL7 message {} {}", partnerId, outcome.messageId(), outcome.status());
            return Acks.ack(er7, "AA", null);
        }
        // The translation was fine but the message failed CareBridge's checks (e.g. profile validation).
        // Location and reason are optional in InboundOutcome: never send the sender a literal "null".
        String where = outcome.location() == null || outcome.location().isBlank() ? "" : outcome.location() + ": ";
        String why = outcome.reason() == null || outcome.reason().isBlank() ? "the message failed CareBridge's checks"
                : outcome.reason();
        AdtReading.Refused refused = new AdtReading.Refused(translated.controlId(), "AE", null, null, "207",
                where + why);
        // Only the location: the reason may be a validator's text quoting a value (the journal and the ACK have it).
        LOG.warn("partner {}: HL7 message {} rejected at {}", partnerId, outcome.messageId(),
                where.isEmpty() ? "(message)" : outcome.location());
        return Acks.ack(er7, "AE", refused);
    }

    /** Journals the refusal; returns the CareBridge message id it was journaled under ("(not journaled)" if none). */
    private String journalRefusal(String er7, AdtReading.Refused refused) {
        String location = refused.segment() == null ? "message"
                : refused.segment() + (refused.field() == null ? "" : "-" + refused.field());
        try {
            return gateway.submit(InboundRecord.rejected(sourceKey(refused.controlId(), er7), location,
                    refused.reason())).messageId();
        } catch (InboundUnavailableException | RuntimeException e) {
            // The sender still gets its AE/AR; only the journal line is missing.
            LOG.warn("partner {}: could not journal the refusal of an HL7 message: {}", partnerId, e.getMessage());
            return "(not journaled)";
        }
    }

    /** MSH-10 when readable, else a fingerprint of the bytes (so the same garbage resent is one journal id). */
    private static String sourceKey(String controlId, String er7) {
        if (controlId != null && !controlId.isBlank()) {
            return controlId;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((er7 == null ? "" : er7).getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
