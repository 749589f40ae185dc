package uk.carebridge.plugins.careprovider.inbound;

import java.time.LocalDate;
import java.util.Locale;

import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Patient;

import uk.carebridge.fhir.FhirSystems;
import uk.carebridge.fhir.NhsNumber;
import uk.carebridge.fhir.UkCore;

/**
 * Builds the Patient of a row. The NHS number is the shared key across partners; the home's own resident
 * id is kept as a local identifier, and is enough on its own when the NHS number is not known.
 */
final class PatientReader {

    static final String NHS_NUMBER = "nhs_number";
    static final String RESIDENT_ID = "resident_id";
    static final String GIVEN_NAME = "given_name";
    static final String FAMILY_NAME = "family_name";
    static final String DATE_OF_BIRTH = "date_of_birth";
    static final String SEX = "sex";
    static final String ADDRESS_LINE1 = "address_line1";
    static final String ADDRESS_LINE2 = "address_line2";
    static final String TOWN = "town";
    static final String POSTCODE = "postcode";
    static final String GP_PRACTICE_ODS = "gp_practice_ods";

    private final String localIdSystem;

    PatientReader(String partnerId) {
        this.localIdSystem = FhirSystems.localIdSystem(partnerId);
    }

    /** A UK Core Patient carrying the row's identifiers: a valid NHS number, the resident id, or both. */
    Patient identity(RowFields row) {
        Patient patient = new Patient();
        patient.getMeta().addProfile(UkCore.PATIENT);
        String nhsNumber = row.optional(NHS_NUMBER);
        String residentId = row.optional(RESIDENT_ID);
        if (nhsNumber != null) {
            if (NhsNumber.isValid(nhsNumber)) {
                patient.addIdentifier().setSystem(FhirSystems.NHS_NUMBER).setValue(NhsNumber.normalise(nhsNumber));
            } else {
                row.error(NHS_NUMBER, "nhs_number is not a valid NHS number (10 digits, the last a Modulus 11 "
                        + "check digit): check it against the resident's records, or leave it empty and give "
                        + "resident_id");
            }
        } else if (residentId == null) {
            row.error(NHS_NUMBER, "nhs_number and resident_id are both empty: give the resident's NHS number, "
                    + "or at least your own resident id");
        }
        if (residentId != null) {
            patient.addIdentifier().setSystem(localIdSystem).setValue(residentId);
        }
        return patient;
    }

    /** Given and family name; both required when {@code required} (a new admission), else as far as given. */
    void readName(RowFields row, Patient patient, boolean required) {
        String given = required ? row.required(GIVEN_NAME, "give the resident's first name")
                : row.optional(GIVEN_NAME);
        String family = required ? row.required(FAMILY_NAME, "give the resident's surname")
                : row.optional(FAMILY_NAME);
        if (given != null || family != null) {
            HumanName name = patient.addName().setUse(HumanName.NameUse.OFFICIAL);
            if (family != null) {
                name.setFamily(family);
            }
            if (given != null) {
                name.addGiven(given);
            }
        }
    }

    void readBirthDate(RowFields row, Patient patient, boolean required) {
        LocalDate birth = row.date(DATE_OF_BIRTH, required, "give the resident's date of birth as YYYY-MM-DD");
        if (birth == null) {
            return;
        }
        if (birth.isAfter(LocalDate.now(RowFields.UK))) {
            row.error(DATE_OF_BIRTH, "date_of_birth is in the future: check the date (YYYY-MM-DD)");
            return;
        }
        patient.setBirthDateElement(RowFields.fhirDate(birth));
    }

    /** Administrative sex: male, female, other, unknown, or M, F, O, U. */
    void readSex(RowFields row, Patient patient) {
        String value = row.optional(SEX);
        if (value == null) {
            return;
        }
        AdministrativeGender gender = switch (value.toLowerCase(Locale.ROOT)) {
            case "male", "m" -> AdministrativeGender.MALE;
            case "female", "f" -> AdministrativeGender.FEMALE;
            case "other", "o" -> AdministrativeGender.OTHER;
            case "unknown", "u" -> AdministrativeGender.UNKNOWN;
            default -> null;
        };
        if (gender == null) {
            row.error(SEX, "sex must be male, female, other or unknown (or M, F, O, U)");
        } else {
            patient.setGender(gender);
        }
    }

    /** The home address (for a care home resident, usually the home itself). */
    void readAddress(RowFields row, Patient patient) {
        String line1 = row.optional(ADDRESS_LINE1);
        String line2 = row.optional(ADDRESS_LINE2);
        String town = row.optional(TOWN);
        String postcode = row.optional(POSTCODE);
        if (line1 == null && line2 == null && town == null && postcode == null) {
            return;
        }
        Address address = patient.addAddress().setUse(Address.AddressUse.HOME);
        if (line1 != null) {
            address.addLine(line1);
        }
        if (line2 != null) {
            address.addLine(line2);
        }
        if (town != null) {
            address.setCity(town);
        }
        if (postcode != null) {
            address.setPostalCode(postcode.toUpperCase(Locale.ROOT));
        }
    }

    /** The registered GP practice, referred to by its ODS code. */
    void readGeneralPractitioner(RowFields row, Patient patient) {
        String practice = row.odsCode(GP_PRACTICE_ODS, false, "");
        if (practice != null) {
            patient.addGeneralPractitioner(OdsReference.organisation(practice));
        }
    }
}
