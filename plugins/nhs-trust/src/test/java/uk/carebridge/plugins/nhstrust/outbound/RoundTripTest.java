package uk.carebridge.plugins.nhstrust.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import uk.carebridge.fhir.Messages;
import uk.carebridge.plugin.Partner;
import uk.carebridge.plugins.nhstrust.inbound.AdtReader;
import uk.carebridge.plugins.nhstrust.inbound.AdtReading;
import uk.carebridge.plugins.nhstrust.inbound.Fhir;
import uk.carebridge.plugins.nhstrust.inbound.RichAdt;

/**
 * ADT -> FHIR -> ADT -> FHIR for a trust with {@code format: hl7v2}: the second reading has every mapped field
 * of the first (identifiers with their authority, PID-2, names, birth place, telecom with emails, PID-22,
 * PID-29/30, the GP practice and GP, next of kin, the visit).
 */
class RoundTripTest {

    private static final Partner TRUST = new Partner("st-elsewhere-hospital", "St Elsewhere Hospital NHS Trust",
            "RXX01", "nhs-trust", Map.of());
    private static final AdtReader READER = new AdtReader(Fhir.R4, TRUST);
    private static final AdtWriter WRITER = new AdtWriter(TRUST, "CAREBRIDGE", "2.4");

    @ParameterizedTest(name = "PID-29 given: {0}")
    @ValueSource(booleans = {true, false})
    void aRichAdmissionKeepsEveryMappedField(boolean deathTime) {
        Bundle first = read(RichAdt.er7(deathTime));
        String written = WRITER.write(first, "rt-0001");
        Bundle second = read(written);

        assertThat(Messages.event(second)).isEqualTo(Messages.event(first));
        Patient before = Messages.patient(first).orElseThrow();
        Patient after = Messages.patient(second).orElseThrow();
        // The writer names the authority of an id that had none (CX-4.1 = the partner id, its system in CX-4.2):
        // the second reading has the same system and value, and that name as assigner.
        for (Identifier id : after.getIdentifier()) {
            before.getIdentifier().stream().filter(b -> b.getSystem().equals(id.getSystem())
                    && b.getValue().equals(id.getValue()) && !b.hasAssigner()).findFirst()
                    .ifPresent(b -> id.setAssigner(null));
        }
        assertThat(json(withoutReferences(after))).isEqualTo(json(withoutReferences(before)));
        assertThat(gpResources(second)).isEqualTo(gpResources(first));

        assertThat(json(visit(second))).isEqualTo(json(visit(first)));
    }

    /** The Encounter's own fields: status, class, period, visit number, hospitalization. */
    private static Encounter visit(Bundle message) {
        Encounter encounter = (Encounter) Fhir.focus(message);
        Encounter fields = new Encounter();
        fields.setStatus(encounter.getStatus());
        fields.setClass_(encounter.getClass_().copy());
        fields.setPeriod(encounter.getPeriod().copy());
        encounter.getIdentifier().forEach(i -> fields.addIdentifier(i.copy()));
        fields.setHospitalization(encounter.getHospitalization().copy());
        return fields;
    }

    @org.junit.jupiter.api.Test
    void theWrittenAdtCarriesTheFieldsWhereHl7PutsThem() {
        String er7 = WRITER.write(read(RichAdt.er7(true)), "rt-0002");

        assertThat(Hl7.segments(er7)).extracting(seg -> seg.substring(0, 3))
                .containsExactly("MSH", "EVN", "PID", "PD1", "NK1", "NK1", "PV1");
        assertThat(Hl7.field(er7, "PID", 2)).startsWith("EXT778^^^OLDPAS&").endsWith("^PT");
        assertThat(Hl7.field(er7, "PID", 11)).endsWith("~St James's Hospital^Beckett Street^Leeds^^LS9 7TF^GBR^BDL");
        assertThat(Hl7.field(er7, "PID", 13)).contains("~^NET^Internet^edith.crawley@example.org~07700 900123^PRN^CP");
        assertThat(Hl7.field(er7, "PID", 22)).isEqualTo("A^White - British");
        assertThat(Hl7.field(er7, "PID", 29)).startsWith("20251120083456");
        assertThat(Hl7.field(er7, "PID", 30)).isEqualTo("Y");
        assertThat(Hl7.field(er7, "PD1", 4)).isEqualTo("G1234567^JONES^SAM^^^DR^^^GMP");
        assertThat(Hl7.segments(er7).get(4)).isEqualTo("NK1|1|CRAWLEY^John^^^MR|CHD|3 Low Lane^^Leeds^^LS6 2AB^GBR^H|"
                + "07700 900456^PRN^CP~^NET^Internet^john.crawley@example.org||N");
        assertThat(Hl7.segments(er7).get(5)).isEqualTo("NK1|2|BAKER^Ann|FND|||0113 496 1111^WPN^PH|C");
    }

    private static Bundle read(String er7) {
        AdtReading reading = READER.read(er7);
        assertThat(reading).as("reading of %s", er7).isInstanceOf(AdtReading.Translated.class);
        Bundle message = ((AdtReading.Translated) reading).message();
        Fhir.assertValidMessage(message);
        return message;
    }

    /** The Patient without what differs by construction between readings: ids and references. */
    private static Patient withoutReferences(Patient patient) {
        Patient copy = patient.copy();
        copy.setIdElement(null);
        copy.setGeneralPractitioner(List.of());
        return copy;
    }

    /** The GP practice and GP, in order, as JSON without their ids. */
    private static List<String> gpResources(Bundle message) {
        Patient patient = Messages.patient(message).orElseThrow();
        return patient.getGeneralPractitioner().stream().map(ref -> Fhir.resolve(message, ref))
                .map(r -> {
                    assertThat(r).isInstanceOfAny(Organization.class, Practitioner.class);
                    Resource copy = r.copy();
                    copy.setIdElement(null);
                    return json(copy);
                }).toList();
    }

    private static String json(Resource resource) {
        return Fhir.R4.newJsonParser().encodeResourceToString(resource);
    }
}
