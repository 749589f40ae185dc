package uk.carebridge.plugins.nhstrust.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;

/**
 * {@link AdtReader#read} never throws, whatever it is given: every message must get an ACK. Truncated and
 * randomly damaged messages (fixed seed, so a failure reproduces) are each either refused, or translated
 * into a message that passes the basic checks; a sample of the translated ones is validated against UK Core.
 */
class RobustnessTest {

    private static final List<String> TRIGGERS = List.of("A01", "A02", "A03", "A04", "A08", "A11", "A13", "A28",
            "A31", "A40");
    private static final String ALPHABET = "|^~\\&\r\n \"0123456789AZaz-+.";

    @Test
    void everyTruncationOfEveryEventIsAnsweredWithoutAnException() {
        for (String trigger : TRIGGERS) {
            String er7 = Adt.event(trigger).er7();
            for (int end = 0; end <= er7.length(); end++) {
                readAndCheck(er7.substring(0, end), false);
            }
        }
    }

    @Test
    void randomlyDamagedMessagesAreRefusedOrTranslatedValid() {
        Random random = new Random(20251123);
        int translated = 0;
        for (String trigger : TRIGGERS) {
            String er7 = Adt.event(trigger).er7();
            for (int i = 0; i < 400; i++) {
                StringBuilder damaged = new StringBuilder(er7);
                for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                    int at = random.nextInt(damaged.length());
                    char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
                    switch (random.nextInt(3)) {
                        case 0 -> damaged.setCharAt(at, c);
                        case 1 -> damaged.insert(at, c);
                        default -> damaged.deleteCharAt(at);
                    }
                }
                // Full UK Core validation costs ~15 ms: every 20th translated message gets it.
                if (readAndCheck(damaged.toString(), translated % 20 == 0)) {
                    translated++;
                }
            }
        }
        assertThat(translated).as("most small damage still leaves a message we take").isGreaterThan(1000);
    }

    @Test
    void arbitraryBytesAreAnsweredWithoutAnException() {
        Random random = new Random(7);
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            char[] chars = new char[random.nextInt(300)];
            for (int c = 0; c < chars.length; c++) {
                chars[c] = (char) random.nextInt(i % 2 == 0 ? 128 : 0x3000);
            }
            inputs.add((i % 3 == 0 ? "MSH|^~\\&|" : "") + new String(chars));
        }
        for (String input : inputs) {
            readAndCheck(input, false);
        }
    }

    /** Reads; a refusal must be discreet and complete, a translation pass the checks. True when translated. */
    private static boolean readAndCheck(String er7, boolean validateProfiles) {
        AdtReading reading = Adt.READER.read(er7);
        if (reading instanceof AdtReading.Refused refused) {
            Readings.assertDiscreet(refused, List.of(Adt.NHS_NUMBER, Adt.OTHER_NHS_NUMBER, Adt.FAMILY, Adt.GIVEN));
            assertThat(Acks.ack(er7, refused.code(), refused)).startsWith("MSH|^~\\&|");
            return false;
        }
        Bundle message = ((AdtReading.Translated) reading).message();
        assertThat(Fhir.VALIDATOR.checkMessage(message)).as("basic checks of %s", er7).isEmpty();
        if (validateProfiles) {
            assertThat(Fhir.VALIDATOR.checkProfiles(message)).as("UK Core validation of %s", er7).isEmpty();
        }
        return true;
    }
}
