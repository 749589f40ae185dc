package uk.carebridge.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one ODS code rule: what partner files, CSV rows, HL7 v2 fields and council notices all accept. */
class OdsCodeTest {

    @ParameterizedTest
    @ValueSource(strings = {"RR8", "RXX01", "B86001", "VM4T2", "X26", "8HK47", "ABCDEFGHIJ"})
    void trustsPracticesCareHomesAndCouncilsHaveCodesOfThreeToTenLettersAndDigits(String code) {
        assertThat(OdsCode.isValid(code)).isTrue();
        assertThat(OdsCode.normalised(" " + code.toLowerCase() + " ")).hasValue(code);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "R8", "ABCDEFGHIJK", "RX-01", "RX 01", "rxx01"})
    void anythingElseIsNotACode(String code) {
        assertThat(OdsCode.isValid(code)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "R8", "RX-01", "ABCDEFGHIJK"})
    void normalisingDoesNotMakeACodeOfWhatIsNotOne(String value) {
        assertThat(OdsCode.normalised(value)).isEmpty();
        assertThat(OdsCode.normalised(null)).isEmpty();
    }
}
