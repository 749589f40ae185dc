package uk.carebridge.plugins.careprovider;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.carebridge.fhir.CareBridgeEvent;
import uk.carebridge.fhir.Messages;
import uk.carebridge.fhir.NhsNumber;
import uk.carebridge.plugin.InboundRecord;

/**
 * External data through the plugin: the 27 Synthea patients (Apache-2.0, src/test/resources/synthea) as a
 * residents file of admissions, and their vital-sign observations as an observations file. Every message
 * must validate and carry what the source row said.
 */
class SyntheaResidentsTest {

    /** Synthea's LOINC code -> our observation type. */
    private static final Map<String, String> VITAL_TYPES = Map.of(
            "9279-1", "respiration-rate",
            "8867-4", "pulse",
            "8480-6", "systolic-bp",
            "8310-5", "temperature",
            "2708-6", "oxygen-saturation",
            "59408-5", "oxygen-saturation");

    @TempDir
    java.nio.file.Path home;

    @Test
    void syntheaPatientsAndVitalSignsBecomeValidMessages() throws Exception {
        List<CSVRecord> patients = read("/synthea/patients.csv");
        List<CSVRecord> vitals = read("/synthea/observations.csv").stream()
                .filter(r -> VITAL_TYPES.containsKey(r.get("CODE"))).toList();
        assertThat(patients).hasSize(27);
        assertThat(vitals).hasSize(82);

        Map<String, String> nhsNumbers = assignNhsNumbers(patients);
        byte[] residents = residentsCsv(patients, nhsNumbers);
        byte[] observations = observationsCsv(vitals, nhsNumbers);

        try (InboxHarness harness = new InboxHarness(home)) {
            // Admissions first, as a home would send them.
            harness.drop("residents-synthea.csv", residents);
            harness.awaitGone("residents-synthea.csv");
            harness.drop("observations-synthea.csv", observations);
            harness.awaitGone("observations-synthea.csv");

            RecordingGateway gateway = harness.gateway;
            assertThat(gateway.rejections()).isEmpty();
            assertThat(InboxHarness.names(harness.error)).isEmpty();

            String residentsKey = FileFingerprint.of(residents) + ":";
            List<InboundRecord.Message> admissions = gateway.messages(m -> m.sourceKey().startsWith(residentsKey));
            assertThat(admissions).hasSize(27);
            for (int i = 0; i < patients.size(); i++) {
                CSVRecord source = patients.get(i);
                Bundle message = message(admissions, residentsKey + (i + 2));
                Fhir.assertValidMessage(message);
                assertThat(Messages.event(message)).contains(CareBridgeEvent.ADMISSION);
                Patient patient = Fhir.only(message, Patient.class);
                assertThat(Messages.nhsNumber(patient)).contains(nhsNumbers.get(source.get("Id")));
                assertThat(patient.getNameFirstRep().getFamily()).isEqualTo(source.get("LAST"));
                assertThat(patient.getBirthDateElement().getValueAsString()).isEqualTo(source.get("BIRTHDATE"));
                assertThat(patient.getGender().toCode()).isEqualTo(source.get("GENDER").equals("M") ? "male" : "female");
            }

            String observationsKey = FileFingerprint.of(observations) + ":";
            List<InboundRecord.Message> readings = gateway.messages(m -> m.sourceKey().startsWith(observationsKey));
            assertThat(readings).hasSize(82);
            for (int i = 0; i < vitals.size(); i++) {
                CSVRecord source = vitals.get(i);
                Bundle message = message(readings, observationsKey + (i + 2));
                Fhir.assertValidMessage(message);
                Observation observation = (Observation) Fhir.focus(message);
                assertThat(observation.getCode().getCoding()).extracting(Coding::getCode).contains(source.get("CODE"));
                assertThat(observation.getValueQuantity().getValue())
                        .isEqualByComparingTo(new BigDecimal(source.get("VALUE")));
                assertThat(observation.getValueQuantity().getCode()).isEqualTo(source.get("UNITS"));
                assertThat(observation.getEffectiveDateTimeType().getValue().toInstant())
                        .isEqualTo(java.time.Instant.parse(source.get("DATE")));
                assertThat(Messages.nhsNumber(Fhir.only(message, Patient.class)))
                        .contains(nhsNumbers.get(source.get("PATIENT")));
            }
        }
    }

    /** The nine published synthetic numbers first, then generated Modulus-11-valid 999 numbers. */
    private static Map<String, String> assignNhsNumbers(List<CSVRecord> patients) throws IOException {
        List<String> numbers = new ArrayList<>(testNhsNumbers());
        for (int serial = 100; numbers.size() < patients.size(); serial++) {
            String nine = "999" + String.format("%06d", serial);
            for (int digit = 0; digit <= 9; digit++) {
                if (NhsNumber.isValid(nine + digit)) {
                    numbers.add(nine + digit);
                }
            }
        }
        Map<String, String> byPatient = new HashMap<>();
        for (int i = 0; i < patients.size(); i++) {
            byPatient.put(patients.get(i).get("Id"), numbers.get(i));
        }
        assertThat(byPatient.values()).doesNotHaveDuplicates().allMatch(NhsNumber::isValid);
        return byPatient;
    }

    /** nhs-number/testdata-9-valid-nhs-numbers.csv: UTF-8 with a byte order mark, CRLF, no header. */
    static List<String> testNhsNumbers() throws IOException {
        try (InputStream in = SyntheaResidentsTest.class.getResourceAsStream("/nhs-number/testdata-9-valid-nhs-numbers.csv")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\uFEFF", "");
            return text.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
        }
    }

    private static byte[] residentsCsv(List<CSVRecord> patients, Map<String, String> nhsNumbers) throws IOException {
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT)) {
            csv.printRecord("action", "nhs_number", "resident_id", "given_name", "family_name", "date_of_birth",
                    "sex", "address_line1", "town", "postcode", "start_date");
            for (CSVRecord p : patients) {
                csv.printRecord("admit", nhsNumbers.get(p.get("Id")), p.get("Id"), p.get("FIRST"), p.get("LAST"),
                        p.get("BIRTHDATE"), p.get("GENDER"), p.get("ADDRESS"), p.get("CITY"), p.get("ZIP"),
                        "2023-01-01");
            }
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] observationsCsv(List<CSVRecord> vitals, Map<String, String> nhsNumbers) throws IOException {
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT)) {
            csv.printRecord("nhs_number", "resident_id", "observed_at", "type", "value", "unit");
            for (CSVRecord o : vitals) {
                csv.printRecord(nhsNumbers.get(o.get("PATIENT")), o.get("PATIENT"), o.get("DATE"),
                        VITAL_TYPES.get(o.get("CODE")), o.get("VALUE"), o.get("UNITS"));
            }
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Bundle message(List<InboundRecord.Message> messages, String sourceKey) {
        return messages.stream().filter(m -> m.sourceKey().equals(sourceKey)).findFirst()
                .orElseThrow(() -> new AssertionError("no message " + sourceKey)).bundle();
    }

    private static List<CSVRecord> read(String resource) throws IOException {
        try (Reader in = new InputStreamReader(SyntheaResidentsTest.class.getResourceAsStream(resource),
                StandardCharsets.UTF_8)) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in).getRecords();
        }
    }
}
