package uk.carebridge.plugin;

import java.util.List;
import java.util.function.Predicate;

import org.apache.camel.RoutesBuilder;

import uk.carebridge.plugin.delivery.Deliverer;

/**
 * One kind of partner system: a format and a transport, translated both ways.
 *
 * <p>The server finds implementations with {@link java.util.ServiceLoader} in each jar (or folder of
 * jars) of its plugin folder, one class loader per plugin. A plugin is instantiated once; the server
 * then asks it for the receiver routes and the deliverer of each configured partner that names it.
 *
 * <p>The flow around a plugin (see DESIGN.md):
 * <pre>
 *   partner system -> receiver routes -> {@link InboundGateway#submit} (validate, persist, ack)
 *   ... router ...
 *   server's outbound route (transaction, retries, DLQ, journal) -> {@link Deliverer#deliver} -> partner system
 * </pre>
 */
public interface PartnerPlugin {

    /** Stable id that partner files name in {@code plugin:}, e.g. {@code care-provider}. */
    String id();

    /** Plugin version; by default the jar's Implementation-Version. */
    default String version() {
        String v = getClass().getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** One line for {@code carebridge plugins}. */
    String description();

    /** The settings this plugin reads from a partner's {@code settings:} block. Unknown keys are config errors. */
    List<PluginSetting> settings();

    /**
     * Routes that receive from the partner, translate each record into a FHIR message and hand it to
     * {@link PartnerContext#inbound()}. They acknowledge the partner only after the gateway returned.
     * Return {@code null} when this partner only receives from CareBridge.
     */
    RoutesBuilder receiver(PartnerContext partner) throws Exception;

    /**
     * Checks everything about the partner's settings that {@link #receiver} and {@link #deliverer} would refuse,
     * without starting anything (no socket, file, thread or Camel route): {@code carebridge validate}, the start-up
     * and every hot reload call it, so that exit 0 from {@code validate} means {@code run} starts the partner. Throw
     * a {@link SettingException} ({@link SettingReader#invalid}) naming the setting: it is reported at that setting's
     * line of the partner file. The context gives the partner, paths, secrets and server bounds; asking it for the
     * inbound gateway or Camel while checking fails.
     */
    default void check(PartnerContext partner) throws Exception {
        // a plugin without cross-setting rules relies on the declared setting types
    }

    /**
     * What delivers the messages routed to this partner: it translates each into what the partner accepts and
     * hands it over; the server owns the rest (the transaction, retries, the dead-letter queue, the journal): see
     * {@link Deliverer}. Return {@code null} when this partner never receives. A bad setting is an
     * {@link IllegalArgumentException} naming it: the partner does not start, and says why.
     */
    Deliverer deliverer(PartnerContext partner) throws Exception;

    /**
     * Whether a copy of a message (by its CareBridge message id) is known to have reached the partner, from what
     * the partner's transport leaves behind (e.g. an outbox file); {@code null} when the plugin cannot tell. At
     * start-up the server asks about copies the journal has {@code ROUTED} to the partner but not {@code DELIVERED}
     * (a {@code kill -9} can lose the journal's last rows) and journals those found as {@code DELIVERED}.
     */
    default Predicate<String> deliveredCopies(PartnerContext partner) {
        return null;
    }

    /**
     * Lines for the start-up banner telling an admin where this partner's traffic goes in and out,
     * e.g. "drops CSV files in /srv/carebridge/data/partners/x/inbox". Never secrets.
     */
    default List<String> describe(PartnerContext partner) {
        return List.of();
    }
}
