package uk.carebridge.bench;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;

import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Resource;

import uk.carebridge.fhir.CareBridgeEvent;
import uk.carebridge.fhir.FhirSystems;
import uk.carebridge.fhir.MessageBuilder;
import uk.carebridge.fhir.NhsNumber;
import uk.carebridge.fhir.UkCore;

/**
 * The benchmark's messages: CareBridge message Bundles (MessageBuilder, UK Core profiles) of 2-5 KB for many
 * distinct people (default 10,000 NHS numbers, Modulus 11 valid, in the 999 test range), with varied names,
 * addresses, telecoms, events, encounters and 1-2 vital signs, so the encoder and the broker see no repeats.
 * Deterministic for a seed (apart from the MessageBuilder's random UUIDs).
 */
public final class BenchMessages {

    private static final String[] FAMILY = {"Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans",
            "Wilson", "Thomas", "Johnson", "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards",
            "Hughes", "Green", "Hall", "Lewis", "Harris", "Clarke", "Patel", "Jackson", "Wood", "Turner", "Martin",
            "Cooper", "Hill", "Ward", "Morris", "Moore", "Clark", "Lee", "King", "Baker", "Harrison", "Morgan",
            "Allen", "James", "Scott", "Phillips", "Watson", "Davis", "Parker", "Price", "Bennett", "Young", "Griffiths",
            "Mitchell", "Kelly", "Cook", "Carter", "Richardson", "Bailey", "Collins", "Bell", "Shaw", "Murphy", "Khan",
            "Ahmed", "Begum", "Ali", "Hussain", "O'Brien", "Nowak", "Kowalski", "Okafor", "Mensah"};
    private static final String[] GIVEN = {"Oliver", "George", "Arthur", "Noah", "Muhammad", "Leo", "Harry",
            "Oscar", "Archie", "Henry", "Olivia", "Amelia", "Isla", "Ava", "Ivy", "Freya", "Lily", "Florence", "Mia",
            "Willow", "Margaret", "Dorothy", "Joan", "Patricia", "Betty", "Eileen", "Doreen", "Sheila", "Barbara",
            "Kathleen", "Brian", "Kenneth", "Derek", "Roy", "Ronald", "Stanley", "Dennis", "Gordon", "Colin", "Trevor",
            "Priya", "Aisha", "Fatima", "Tomasz", "Agnieszka", "Chidi", "Kwame", "Siobhan", "Eamon", "Rhys"};
    private static final String[] STREET = {"High Street", "Station Road", "Church Lane", "Victoria Road",
            "Green Lane", "Manor Road", "Park Avenue", "Mill Lane", "Queens Road", "New Road", "Kings Road",
            "The Crescent", "Windsor Close", "Orchard Way", "Chapel Street", "Brook Lane", "Meadow View"};
    private static final String[] TOWN = {"Northshire", "Leeds", "Bradford", "Harrogate", "York", "Wakefield",
            "Halifax", "Huddersfield", "Doncaster", "Sheffield", "Rotherham", "Barnsley", "Skipton", "Ilkley"};
    private static final String[] POSTCODE_AREA = {"LS", "BD", "HG", "YO", "WF", "HX", "HD", "DN", "S", "BD"};
    private static final String[][] ORGS = {
            {"RR8", "Leeds Teaching Hospitals NHS Trust"}, {"RAE", "Bradford Teaching Hospitals NHS Foundation Trust"},
            {"RCD", "Harrogate and District NHS Foundation Trust"}, {"B86001", "Burley Park Medical Centre"},
            {"B82005", "Priory Medical Group"}, {"VN3P1", "Sunny Meadows Care Home"}, {"VM7X2", "Oak Lodge Nursing Home"},
            {"RXF", "Mid Yorkshire Teaching NHS Trust"}, {"B83620", "Ilkley Moor Medical Practice"}};
    private static final String[] SOURCES = {"st-elsewhere-hospital", "sunny-meadows-care-home",
            "northshire-adult-social-care", "northshire-community-nursing"};
    private static final CareBridgeEvent[] EVENTS = {CareBridgeEvent.ADMISSION, CareBridgeEvent.TRANSFER,
            CareBridgeEvent.DISCHARGE, CareBridgeEvent.OBSERVATION, CareBridgeEvent.PERSON_UPDATE};

    /** NEWS2 vital signs: profile, LOINC, SNOMED CT, text, UCUM code, unit text, low, high, decimals. */
    private record Sign(String profile, String loinc, String loincText, String snomed, String snomedText,
            String ucum, String unit, double low, double high, int scale) {
    }

    private static final Sign[] SIGNS = {
            new Sign(UkCore.OBSERVATION_RESPIRATION_RATE, "9279-1", "Respiratory rate", "86290005", "Respiratory rate",
                    "/min", "per minute", 10, 28, 0),
            new Sign(UkCore.OBSERVATION_OXYGEN_SATURATION, "2708-6", "Oxygen saturation in Arterial blood",
                    "431314004", "Peripheral oxygen saturation", "%", "percent", 88, 100, 0),
            new Sign(UkCore.OBSERVATION_HEART_RATE, "8867-4", "Heart rate", "78564009", "Pulse rate", "/min",
                    "per minute", 45, 130, 0),
            new Sign(UkCore.OBSERVATION_BODY_TEMPERATURE, "8310-5", "Body temperature", "386725007",
                    "Body temperature", "Cel", "degree Celsius", 35.0, 39.5, 1),
            new Sign(UkCore.OBSERVATION_VITAL_SIGNS, "8480-6", "Systolic blood pressure", "271649006",
                    "Systolic blood pressure", "mm[Hg]", "mmHg", 90, 190, 0)};

    private final Random random;
    private final List<String> nhsNumbers;

    private BenchMessages(long seed, int people) {
        this.random = new Random(seed);
        this.nhsNumbers = nhsNumbers(people, random);
    }

    /** The messages, and each one's person key (NHS number). */
    public record Generated(List<Bundle> messages, List<String> nhsNumbers, int people) {
    }

    public static Generated generate(int count, int people, long seed) {
        BenchMessages g = new BenchMessages(seed, people);
        List<Bundle> messages = new ArrayList<>(count);
        List<String> keys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            // People in a shuffled order, several messages each when count > people: per-person order matters.
            String nhs = g.nhsNumbers.get(g.random.nextInt(g.nhsNumbers.size()));
            messages.add(g.message(i, nhs));
            keys.add(nhs);
        }
        return new Generated(messages, keys, people);
    }

    /** {@code count} distinct valid NHS numbers in the 999 000 000x test range (never issued to a real person). */
    static List<String> nhsNumbers(int count, Random random) {
        List<String> numbers = new ArrayList<>(count);
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (numbers.size() < count) {
            String nine = "999" + String.format("%06d", random.nextInt(1_000_000));
            int check = checkDigit(nine);
            if (check < 0) {
                continue;
            }
            String nhs = nine + check;
            if (NhsNumber.isValid(nhs) && seen.add(nhs)) {
                numbers.add(nhs);
            }
        }
        return numbers;
    }

    /** The Modulus 11 check digit of nine digits, or -1 when none exists (a remainder giving 10). */
    static int checkDigit(String nine) {
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (nine.charAt(i) - '0') * (10 - i);
        }
        int check = 11 - (sum % 11);
        return check == 11 ? 0 : check == 10 ? -1 : check;
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    /**
     * Shapes by event, so sizes spread over ~2-5 KB: person-update = Patient (+ GP practice); observation =
     * 1-2 vital signs + Patient (+ Encounter); admission/transfer/discharge = Encounter + Patient + provider +
     * GP practice (+ a vital sign).
     */
    private Bundle message(int index, String nhs) {
        String source = pick(SOURCES);
        String[] provider = pick(ORGS);
        String[] gp = pick(ORGS);
        CareBridgeEvent event = pick(EVENTS);
        boolean encounterEvent = event != CareBridgeEvent.OBSERVATION && event != CareBridgeEvent.PERSON_UPDATE;
        boolean withPractice = encounterEvent || (event == CareBridgeEvent.PERSON_UPDATE && random.nextBoolean());
        Organization practice = withPractice ? organisation(gp[0], gp[1], false) : null;
        Patient patient = patient(nhs, source, practice);
        Date when = Date.from(LocalDate.of(2026, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC)
                .plusSeconds(random.nextInt(330 * 24 * 3600)));
        MessageBuilder builder = MessageBuilder.event(event, source).timestamp(when);
        if (event == CareBridgeEvent.PERSON_UPDATE) {
            builder.focus(patient);
            if (practice != null) {
                builder.add(practice);
            }
            return builder.build();
        }
        Organization organisation = organisation(provider[0], provider[1], random.nextBoolean());
        boolean withEncounter = encounterEvent || random.nextBoolean();
        Encounter encounter = withEncounter ? encounter(patient, organisation, when, index) : null;
        int signs = event == CareBridgeEvent.OBSERVATION ? 1 + random.nextInt(2) : random.nextInt(2);
        List<Resource> observations = new ArrayList<>();
        int first = random.nextInt(SIGNS.length);
        for (int s = 0; s < signs; s++) {
            observations.add(observation(SIGNS[(first + s) % SIGNS.length], patient, encounter, when));
        }
        if (event == CareBridgeEvent.OBSERVATION) {
            observations.forEach(builder::focus);
            builder.add(patient);
            if (encounter != null) {
                builder.add(encounter).add(organisation);
            }
        } else {
            builder.focus(encounter).add(patient).add(organisation).add(practice);
            observations.forEach(builder::add);
        }
        return builder.build();
    }

    private Organization organisation(String ods, String name, boolean withAddress) {
        Organization org = new Organization();
        org.getMeta().addProfile(UkCore.ORGANIZATION);
        org.addIdentifier().setSystem(FhirSystems.ODS_ORGANISATION).setValue(ods);
        org.setName(name);
        org.setActive(true);
        if (withAddress) {
            org.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE)
                    .setValue(String.format("0113 %03d %04d", random.nextInt(1000), random.nextInt(10000)))
                    .setUse(ContactPoint.ContactPointUse.WORK);
            org.addAddress(address(Address.AddressUse.WORK));
        }
        return org;
    }

    private Patient patient(String nhs, String source, Organization practice) {
        Patient p = new Patient();
        p.getMeta().addProfile(UkCore.PATIENT);
        Identifier id = p.addIdentifier().setSystem(FhirSystems.NHS_NUMBER).setValue(nhs);
        id.addExtension(UkCore.NHS_NUMBER_VERIFICATION_STATUS, new CodeableConcept(new Coding(
                UkCore.NHS_NUMBER_VERIFICATION_STATUS_SYSTEM, "01", "Number present and verified")));
        p.addIdentifier().setSystem(FhirSystems.localIdSystem(source))
                .setValue(source.substring(0, 2).toUpperCase() + (100000 + random.nextInt(900000)));
        HumanName name = p.addName().setUse(HumanName.NameUse.OFFICIAL).setFamily(pick(FAMILY)).addGiven(pick(GIVEN));
        if (random.nextInt(3) == 0) {
            name.addGiven(pick(GIVEN));
        }
        name.addPrefix(random.nextBoolean() ? "Mrs" : "Mr");
        p.setGender(random.nextBoolean() ? Enumerations.AdministrativeGender.FEMALE : Enumerations.AdministrativeGender.MALE);
        p.setBirthDateElement(new org.hl7.fhir.r4.model.DateType(String.format("%04d-%02d-%02d",
                1925 + random.nextInt(80), 1 + random.nextInt(12), 1 + random.nextInt(28))));
        p.addAddress(address(Address.AddressUse.HOME));
        p.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setUse(ContactPoint.ContactPointUse.HOME)
                .setValue(String.format("01%03d %06d", random.nextInt(1000), random.nextInt(1_000_000)));
        if (random.nextBoolean()) {
            p.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setUse(ContactPoint.ContactPointUse.MOBILE)
                    .setValue(String.format("07%03d %06d", random.nextInt(1000), random.nextInt(1_000_000)));
        }
        if (random.nextInt(3) == 0) {
            p.addTelecom().setSystem(ContactPoint.ContactPointSystem.EMAIL).setUse(ContactPoint.ContactPointUse.HOME)
                    .setValue(name.getGivenAsSingleString().toLowerCase().replace(' ', '.') + random.nextInt(1000)
                            + "@example.org.uk");
        }
        if (practice != null) {
            p.addGeneralPractitioner(MessageBuilder.ref(practice));
        }
        return p;
    }

    private Address address(Address.AddressUse use) {
        Address a = new Address().setUse(use);
        a.addLine((1 + random.nextInt(180)) + " " + pick(STREET));
        if (random.nextInt(4) == 0) {
            a.addLine("Flat " + (1 + random.nextInt(30)));
        }
        a.setCity(pick(TOWN)).setDistrict("West Yorkshire");
        a.setPostalCode(pick(POSTCODE_AREA) + (1 + random.nextInt(20)) + " " + random.nextInt(10)
                + (char) ('A' + random.nextInt(26)) + (char) ('A' + random.nextInt(26)));
        a.setCountry("GB");
        return a;
    }

    private Encounter encounter(Patient patient, Organization provider, Date when, int index) {
        Encounter e = new Encounter();
        e.getMeta().addProfile(UkCore.ENCOUNTER);
        e.addIdentifier().setSystem(FhirSystems.localIdSystem("st-elsewhere-hospital")).setValue("V" + (7_000_000 + index));
        boolean inpatient = random.nextBoolean();
        e.setStatus(inpatient ? Encounter.EncounterStatus.INPROGRESS : Encounter.EncounterStatus.FINISHED);
        e.setClass_(inpatient ? new Coding(FhirSystems.ACT_CODE, "IMP", "inpatient encounter")
                : new Coding(FhirSystems.ACT_CODE, "HH", "home health"));
        e.setSubject(MessageBuilder.ref(patient));
        e.setServiceProvider(MessageBuilder.ref(provider));
        Period period = new Period().setStartElement(new DateTimeType(when));
        if (!inpatient) {
            period.setEnd(new Date(when.getTime() + 3_600_000L * (1 + random.nextInt(72))));
        }
        e.setPeriod(period);
        return e;
    }

    private Observation observation(Sign sign, Patient patient, Encounter encounter, Date when) {
        Observation o = new Observation();
        o.getMeta().addProfile(sign.profile());
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.addCategory(new CodeableConcept(new Coding(FhirSystems.OBSERVATION_CATEGORY, "vital-signs", "Vital Signs")));
        o.getCode().addCoding(new Coding(FhirSystems.LOINC, sign.loinc(), sign.loincText()))
                .addCoding(new Coding(FhirSystems.SNOMED, sign.snomed(), sign.snomedText()))
                .setText(sign.snomedText());
        o.setSubject(MessageBuilder.ref(patient));
        if (encounter != null) {
            o.setEncounter(MessageBuilder.ref(encounter));
        }
        o.setEffective(new DateTimeType(new Date(when.getTime() + random.nextInt(3_600_000))));
        BigDecimal value = BigDecimal.valueOf(sign.low() + random.nextDouble() * (sign.high() - sign.low()))
                .setScale(sign.scale(), RoundingMode.HALF_UP);
        o.setValue(new Quantity().setValue(value).setUnit(sign.unit()).setSystem(FhirSystems.UCUM).setCode(sign.ucum()));
        return o;
    }
}
