package uk.carebridge.plugins.nhstrust.inbound;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.hl7.fhir.r4.model.Coding;

/**
 * The HL7 v2 tables of an NK1 (next of kin / associated party) and the codings {@code Patient.contact.relationship}
 * takes in UK Core (ValueSet UKCore-PersonRelationshipType: v2-0131 and v3-RoleCode personal relationships), both
 * ways: the reader maps NK1-3 and NK1-7 with them, the writer maps them back.
 */
public final class ContactRoles {
    private ContactRoles() {
    }

    public static final String V2_0131 = "http://terminology.hl7.org/CodeSystem/v2-0131";
    public static final String ROLE_CODE = "http://terminology.hl7.org/CodeSystem/v3-RoleCode";

    /** NK1-3 relationship, HL7 table 0063 -> v3-RoleCode (personal relationships). */
    private static final Map<String, Coding> RELATIONSHIPS = Map.ofEntries(
            role("SPO", "SPS", "spouse"), role("DOM", "DOMPART", "domestic partner"), role("CHD", "CHILD", "child"),
            role("NCH", "NCHILD", "natural child"), role("SCH", "STPCHLD", "step child"),
            role("FCH", "CHLDFOST", "foster child"), role("GCH", "GRNDCHILD", "grandchild"),
            role("PAR", "PRN", "parent"), role("MTH", "MTH", "mother"), role("FTH", "FTH", "father"),
            role("GRP", "GRPRN", "grandparent"), role("SIB", "SIB", "sibling"), role("BRO", "BRO", "brother"),
            role("SIS", "SIS", "sister"), role("FND", "FRND", "unrelated friend"),
            role("EXF", "EXT", "extended family member"), role("GRD", "GUARD", "guardian"),
            role("SEL", "ONESELF", "self"));

    /** HL7 table 0131 contact role (NK1-7, or NK1-3 when a sender puts it there), as FHIR's v2-0131 names it. */
    private static final Map<String, String> CONTACT_ROLES = Map.ofEntries(
            Map.entry("BP", "Billing contact person"), Map.entry("C", "Emergency Contact"),
            Map.entry("CP", "Contact person"), Map.entry("E", "Employer"), Map.entry("EP", "Emergency contact person"),
            Map.entry("F", "Federal Agency"), Map.entry("I", "Insurance Company"), Map.entry("N", "Next-of-Kin"),
            Map.entry("O", "Other"), Map.entry("PR", "Person preparing referral"), Map.entry("S", "State Agency"),
            Map.entry("U", "Unknown"));

    private static Map.Entry<String, Coding> role(String v2, String code, String display) {
        return Map.entry(v2, new Coding(ROLE_CODE, code, display));
    }

    /** A table 0063 code (any case) as its v3-RoleCode coding. */
    public static Optional<Coding> relationship(String table0063) {
        return table0063 == null ? Optional.empty()
                : Optional.ofNullable(RELATIONSHIPS.get(table0063.toUpperCase(Locale.ROOT))).map(Coding::copy);
    }

    /** A table 0131 code (any case) as its v2-0131 coding. */
    public static Optional<Coding> contactRole(String table0131) {
        if (table0131 == null) {
            return Optional.empty();
        }
        String code = table0131.toUpperCase(Locale.ROOT);
        return Optional.ofNullable(CONTACT_ROLES.get(code)).map(display -> new Coding(V2_0131, code, display));
    }

    /** A v3-RoleCode code back to its table 0063 code. */
    public static Optional<String> table0063(String roleCode) {
        return RELATIONSHIPS.entrySet().stream().filter(e -> e.getValue().getCode().equals(roleCode))
                .map(Map.Entry::getKey).findFirst();
    }
}
