package uk.carebridge.fhir;

import java.util.Arrays;
import java.util.Optional;

import org.hl7.fhir.r4.model.Coding;

/** What happened: the fixed list of events a CareBridge message can carry (MessageHeader.eventCoding). */
public enum CareBridgeEvent {
    ADMISSION("admission", "Admission"),
    TRANSFER("transfer", "Transfer"),
    DISCHARGE("discharge", "Discharge"),
    PERSON_UPDATE("person-update", "Person details update"),
    REFERRAL("referral", "Referral"),
    ASSESSMENT("assessment", "Assessment"),
    CARE_PACKAGE("care-package", "Care package"),
    OBSERVATION("observation", "Observation"),
    INCIDENT("incident", "Incident");

    /** The CodeSystem of these codes. */
    public static final String SYSTEM = FhirSystems.CAREBRIDGE_BASE + "/CodeSystem/carebridge-event";

    private final String code;
    private final String display;

    CareBridgeEvent(String code, String display) {
        this.code = code;
        this.display = display;
    }

    public String code() {
        return code;
    }

    public String display() {
        return display;
    }

    public Coding coding() {
        return new Coding(SYSTEM, code, display);
    }

    public static Optional<CareBridgeEvent> fromCode(String code) {
        return Arrays.stream(values()).filter(e -> e.code.equals(code)).findFirst();
    }

    /** The codes, for error messages: "admission, transfer, ...". */
    public static String codes() {
        return String.join(", ", Arrays.stream(values()).map(CareBridgeEvent::code).toList());
    }
}
