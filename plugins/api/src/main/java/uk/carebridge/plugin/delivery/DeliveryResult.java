package uk.carebridge.plugin.delivery;

import java.util.Objects;

/** How a {@link Deliverer} ended a delivery that did not fail: the server journals it. */
public sealed interface DeliveryResult {

    /** The partner has the message: journaled {@code DELIVERED}. */
    record Delivered() implements DeliveryResult {
    }

    /**
     * Deliberately not delivered (the message is not for this partner, e.g. a person the council does not know):
     * journaled {@code WITHHELD} with the reason. Ids and codes only in it: it goes to the journal.
     */
    record Withheld(String reason) implements DeliveryResult {
        public Withheld {
            Objects.requireNonNull(reason, "reason");
        }
    }

    static DeliveryResult delivered() {
        return new Delivered();
    }

    static DeliveryResult withheld(String reason) {
        return new Withheld(reason);
    }
}
