package uk.carebridge.plugins.careprovider.inbound;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import uk.carebridge.plugins.careprovider.TestPartnerContext;

/** The CSV files under src/test/resources/fixtures, and translating them without Camel. */
public final class Fixtures {
    private Fixtures() {
    }

    static final SourcePartner CARE_HOME =
            new SourcePartner(TestPartnerContext.PARTNER_ID, TestPartnerContext.PARTNER_ODS, CareSetting.CARE_HOME);
    static final String FINGERPRINT = "0123456789abcdef";

    /** The bytes of the fixture file {@code src/test/resources/fixtures/<name>}. */
    public static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<TranslatedRow> translate(String name) {
        return translate(name, bytes(name), CARE_HOME);
    }

    static List<TranslatedRow> translate(String name, byte[] content, SourcePartner partner) {
        try {
            RecordKind kind = RecordKind.fromFileName(name).orElseThrow();
            CsvTable table = CsvTable.parse(content);
            kind.checkHeader(table);
            return new RowTranslator(partner).translate(kind, table, FINGERPRINT);
        } catch (RejectedFileException e) {
            throw new AssertionError("fixture " + name + " refused as a whole: " + e.getMessage(), e);
        }
    }

    static TranslatedRow row(List<TranslatedRow> rows, int number) {
        return rows.stream().filter(r -> r.row().number() == number).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + number));
    }

    static org.hl7.fhir.r4.model.Bundle message(List<TranslatedRow> rows, int number) {
        TranslatedRow row = row(rows, number);
        if (!(row.record() instanceof uk.carebridge.plugin.InboundRecord.Message m)) {
            throw new AssertionError("row " + number + " was rejected: " + row.errors());
        }
        return m.bundle();
    }
}
