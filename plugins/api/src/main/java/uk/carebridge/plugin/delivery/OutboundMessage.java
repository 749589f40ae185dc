package uk.carebridge.plugin.delivery;

import java.util.regex.Pattern;

import org.hl7.fhir.r4.model.Bundle;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import uk.carebridge.plugin.DeliveryException;

/**
 * One copy of a FHIR message for one destination partner, as the server hands it to a {@link Deliverer}: already
 * filtered by the route's data-sharing rule for that partner.
 *
 * @param messageId     the CareBridge message id (also Bundle.id): deliveries carry it so the partner can drop a
 *                      resend; letters, digits, '.', '_' and '-' only, so it is safe as a file name or header value
 * @param sourcePartner the partner id the message came from
 * @param event         the CareBridge event code, e.g. {@code transfer}
 * @param json          the FHIR message (a Bundle of type message) as JSON
 */
public record OutboundMessage(String messageId, String sourcePartner, String event, String json) {

    /** Safe as a file name and as an HTTP header or HL7 field value: no separators, no spaces. */
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    /** A message without a usable id or with no body cannot be delivered, however often tried: permanent. */
    public OutboundMessage {
        if (messageId == null || messageId.isBlank()) {
            throw DeliveryException.permanent("the message has no message id");
        }
        if (!isUsableId(messageId)) {
            throw DeliveryException.permanent("the message id is not usable as a file name or header value "
                    + "(letters, digits, '.', '_' and '-' only)");
        }
        if (json == null || json.isBlank()) {
            throw DeliveryException.permanent("the message " + messageId + " has an empty body");
        }
    }

    /** Whether {@code id} can name a file or go in a header: letters, digits, '.', '_' and '-' only. */
    public static boolean isUsableId(String id) {
        return id != null && SAFE_ID.matcher(id).matches();
    }

    /** The message parsed; one that is not a readable Bundle fails permanently (a retry reads the same bytes). */
    public Bundle bundle(FhirContext fhir) {
        try {
            return fhir.newJsonParser().parseResource(Bundle.class, json);
        } catch (DataFormatException e) {
            throw DeliveryException.permanent("message " + messageId + " is not a readable FHIR Bundle");
        }
    }
}
