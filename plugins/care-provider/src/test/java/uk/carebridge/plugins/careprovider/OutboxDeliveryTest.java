package uk.carebridge.plugins.careprovider;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.carebridge.plugin.DeliveryException;
import uk.carebridge.plugin.MessageHeaders;

class OutboxDeliveryTest {

    private static final String JSON = "{\"resourceType\":\"Bundle\",\"type\":\"message\",\"id\":\"m-1\","
            + "\"note\":\"Zoë\"}";

    @TempDir
    Path home;
    private CamelContext camel;
    private ProducerTemplate template;
    private TestPartnerContext context;
    private Path outbox;

    @BeforeEach
    void start() throws Exception {
        context = TestPartnerContext.of(home, new RecordingGateway(), Map.of("outbox", "out/rose-court"));
        outbox = home.resolve("out/rose-court");
        camel = new DefaultCamelContext();
        camel.addRoutes(new CareProviderPlugin().deliverer(context));
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void eachMessageIsWrittenAsItsIdDotJsonWithNoTempFileLeft() throws Exception {
        Exchange sent = deliver("3f1c2d9a-5b7e-4c1a-9f00-0d1e2f3a4b5c", JSON);

        assertThat(sent.getException()).isNull();
        assertThat(InboxHarness.names(outbox)).containsExactly("3f1c2d9a-5b7e-4c1a-9f00-0d1e2f3a4b5c.json");
        assertThat(Files.readString(outbox.resolve("3f1c2d9a-5b7e-4c1a-9f00-0d1e2f3a4b5c.json"),
                StandardCharsets.UTF_8)).isEqualTo(JSON);
        assertThat(camel.getRoute(context.routeId("deliver"))).isNotNull();
    }

    @Test
    void aRedeliveryOverwritesTheSameFile() throws Exception {
        deliver("m-42", "{\"attempt\":1}");
        deliver("m-42", "{\"attempt\":2}");

        assertThat(InboxHarness.names(outbox)).containsExactly("m-42.json");
        assertThat(Files.readString(outbox.resolve("m-42.json"))).isEqualTo("{\"attempt\":2}");
    }

    @Test
    void theServersMessageIsHandedBackUnchanged() {
        Exchange sent = deliver("m-7", JSON);

        assertThat(sent.getMessage().getBody(String.class)).isEqualTo(JSON);
        assertThat(sent.getMessage().getHeaders()).containsEntry(MessageHeaders.MESSAGE_ID, "m-7")
                .containsEntry(MessageHeaders.EVENT, "transfer")
                .doesNotContainKey(Exchange.FILE_NAME);
    }

    @Test
    void aMessageWithoutAUsableIdIsAPermanentFailure() {
        Exchange missing = deliver(null, JSON);
        Exchange traversal = deliver("../../etc/passwd", JSON);

        assertThat(missing.getException()).isInstanceOfSatisfying(DeliveryException.class,
                e -> assertThat(e.isPermanent()).isTrue());
        assertThat(traversal.getException()).isInstanceOfSatisfying(DeliveryException.class,
                e -> assertThat(e.isPermanent()).isTrue());
        assertThat(InboxHarness.names(outbox)).isEmpty();
    }

    @Test
    void anOutboxThatCannotBeWrittenIsATransientFailure() throws Exception {
        Files.createDirectories(outbox.getParent());
        Files.writeString(outbox, "a file where the folder should be");

        Exchange sent = deliver("m-9", JSON);

        assertThat(sent.getException()).isInstanceOfSatisfying(DeliveryException.class, e -> {
            assertThat(e.isPermanent()).isFalse();
            assertThat(e.getMessage()).startsWith("could not write the message to the outbox");
        });
        assertThat(sent.getMessage().getBody(String.class)).isEqualTo(JSON);
    }

    private Exchange deliver(String messageId, String body) {
        return template.send(context.deliveryEndpoint(), exchange -> {
            exchange.getIn().setBody(body);
            if (messageId != null) {
                exchange.getIn().setHeader(MessageHeaders.MESSAGE_ID, messageId);
            }
            exchange.getIn().setHeader(MessageHeaders.EVENT, "transfer");
        });
    }
}
