package uk.carebridge.server.broker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MessageBrokerLimitsTest {

    private static final long MIB = 1024L * 1024;
    private static final long GIB = 1024 * MIB;

    @Test
    void defaultStoreLimitIsTenGibOrTheFreeSpaceLessAMargin() {
        assertThat(MessageBroker.defaultDiskLimit(500 * GIB, MessageBroker.DEFAULT_STORE_LIMIT)).isEqualTo(10 * GIB);
        // A tenth of the free space is kept free, at most 1 GiB; never below 1 MiB.
        assertThat(MessageBroker.defaultDiskLimit(10 * GIB + GIB / 2, MessageBroker.DEFAULT_STORE_LIMIT)).isEqualTo(9 * GIB + GIB / 2);
        assertThat(MessageBroker.defaultDiskLimit(1000 * MIB, MessageBroker.DEFAULT_STORE_LIMIT)).isEqualTo(900 * MIB);
        assertThat(MessageBroker.defaultDiskLimit(0, MessageBroker.DEFAULT_STORE_LIMIT)).isEqualTo(MIB);
    }
}
