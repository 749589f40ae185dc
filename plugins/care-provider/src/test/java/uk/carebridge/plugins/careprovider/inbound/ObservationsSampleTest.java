package uk.carebridge.plugins.careprovider.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import uk.carebridge.plugin.InboundRecord;
import uk.carebridge.plugins.careprovider.Fhir;

/** samples/observations-sample.csv, used by the demo in the top-level README: row 6 is the one bad row. */
class ObservationsSampleTest {

    @Test
    void theSampleHasOneBadRowAndValidMessagesForTheRest() throws IOException {
        byte[] sample = Files.readAllBytes(Path.of("samples", "observations-sample.csv"));
        List<TranslatedRow> rows = Fixtures.translate("observations-sample.csv", sample, Fixtures.CARE_HOME);

        assertThat(rows).filteredOn(TranslatedRow::isRejected).extracting(r -> r.row().number()).containsExactly(6);
        assertThat(rows).filteredOn(r -> !r.isRejected()).extracting(r -> r.row().number())
                .containsExactly(2, 3, 4, 5, 7);
        for (TranslatedRow row : rows) {
            if (row.record() instanceof InboundRecord.Message m) {
                Fhir.assertValidMessage(m.bundle());
            }
        }
    }
}
