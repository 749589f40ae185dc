package uk.carebridge.plugins.nhstrust.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import uk.carebridge.plugin.DeliveryException;

class AckCheckTest {

    private static final String SENT = "0b6f3c1e-7a55-4f0e-9d43-5a1c2e8b9f10";
    private static final String MSH = "MSH|^~\\&|PAS|RXX01|CAREBRIDGE|CareBridge|20261123143001+0000||ACK^A01^ACK|"
            + "ACK-20261123-000123|P|2.4\r";

    @Test
    void aaForTheMessageSentIsADelivery() {
        assertThatCode(() -> AckCheck.verify(MSH + "MSA|AA|" + SENT + "\r", SENT)).doesNotThrowAnyException();
    }

    @Test
    void caForTheMessageSentIsADeliveryToo() {
        assertThatCode(() -> AckCheck.verify(MSH + "MSA|CA|" + SENT, SENT)).doesNotThrowAnyException();
    }

    @Test
    void realWorldFramingAndLineEndsAreTolerated() {
        String ack = "\u000b\ufeff" + MSH.replace("\r", "\r\n") + "MSA|aa|" + SENT + "|Message accepted\n\u001c\r";
        assertThatCode(() -> AckCheck.verify(ack, SENT)).doesNotThrowAnyException();
    }

    @Test
    void aeIsATransientFailureQuotingMsa3AndTheV24ErrSegment() {
        String ack = MSH + "MSA|AE|" + SENT + "|Unknown ward\rERR|PV1^1^3^103&Table value not found&HL70357\r";

        failure(ack)
                .hasMessageContaining("refused it (application error)")
                .hasMessageContaining("MSA-1 AE")
                .hasMessageContaining("MSA-3 \"Unknown ward\"")
                .hasMessageContaining("ERR \"PV1-3: 103 Table value not found\"")
                .hasMessageContaining(SENT);
    }

    @Test
    void arIsATransientFailureQuotingTheV25ErrCodeAndUserMessageWithoutPatientNumbers() {
        String ack = MSH + "MSA|AR|" + SENT + "|Rejected: NHS number 999 000 0018 born 19310214\r"
                + "ERR||PID^1^3|204^Unknown key identifier^HL70357|E||||Patient 9990000018 not traced\r";

        failure(ack)
                .hasMessageContaining("refused it (application reject)")
                .hasMessageContaining("MSA-1 AR")
                .hasMessageContaining("MSA-3 \"Rejected: NHS number [digits] born [digits]\"")
                .hasMessageContaining("PID-3: 204 Unknown key identifier: Patient [digits] not traced")
                .hasMessageNotContaining("9990000018").hasMessageNotContaining("999 000 0018")
                .hasMessageNotContaining("19310214");
    }

    @Test
    void crAndCeAreTransientFailures() {
        failure(MSH + "MSA|CR|" + SENT + "|Receiving application unavailable").hasMessageContaining("commit reject")
                .hasMessageContaining("Receiving application unavailable");
        failure(MSH + "MSA|CE|" + SENT).hasMessageContaining("commit error");
    }

    @Test
    void anAcceptanceOfAnotherMessageIsNotADelivery() {
        failure(MSH + "MSA|AA|some-other-message-id\r")
                .hasMessageContaining("acknowledges a different message (MSA-2 some-other-message-id)");
    }

    @Test
    void escapedTextIsQuotedAsText() {
        failure(MSH + "MSA|AE|" + SENT + "|Bad \\T\\ worse\\.br\\see \\F\\log\\F\\")
                .hasMessageContaining("MSA-3 \"Bad & worse see |log|\"");
    }

    @Test
    void anUnknownCodeIsNotAnAcceptance() {
        failure(MSH + "MSA|XX|" + SENT).hasMessageContaining("is not an acceptance (unknown acknowledgement code)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello", "<html>502 Bad Gateway</html>", "PID|1||123"})
    void aReplyThatIsNotHl7IsATransientFailure(String reply) {
        failure(reply).hasMessageContaining("is not an HL7 v2 message");
    }

    @Test
    void anHl7ReplyWithoutMsaIsATransientFailure() {
        failure(MSH + "ERR|^^^207&Application internal error").hasMessageContaining("has no MSA segment");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  \r\n"})
    void noReplyIsATransientFailure(String reply) {
        failure(reply).hasMessageContaining("was empty");
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> failure(String ack) {
        return assertThatThrownBy(() -> AckCheck.verify(ack, SENT))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.isPermanent()).isFalse());
    }
}
