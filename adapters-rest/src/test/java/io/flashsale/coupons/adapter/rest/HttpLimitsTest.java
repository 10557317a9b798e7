package io.flashsale.coupons.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HttpLimitsTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void givenTheImagesHeap_forHeap_fitsConnectionsAndRequestsInTheShare() {
        // -Xmx192m -Xmn48m -XX:SurvivorRatio=3: Runtime.maxMemory() is 182.4 MiB (one survivor space less).
        long imageMaxMemory = 191_299_584;
        HttpLimits limits = HttpLimits.forHeap(imageMaxMemory, 96 * 1024, 4 * 1024, 0.4);

        // The figures README's arithmetic gives ("Requests in flight").
        assertThat(limits.maxConnections()).isEqualTo(4_670);
        assertThat(limits.maxRequestsInFlight()).isEqualTo(583);
        assertThat(limits.maxClaimsInFlight()).isEqualTo(583 - HttpLimits.RESERVE);
        long used = limits.maxConnections() * 4L * 1024 + limits.maxRequestsInFlight() * 96L * 1024;
        assertThat(used).isLessThanOrEqualTo((long) (imageMaxMemory * 0.4));
    }

    @Test
    void givenHalfTheHeap_forHeap_takesAboutHalfTheRequests() {
        HttpLimits full = HttpLimits.forHeap(246 * MIB, 96 * 1024, 4 * 1024, 0.4);
        HttpLimits half = HttpLimits.forHeap(123 * MIB, 96 * 1024, 4 * 1024, 0.4);

        assertThat(half.maxConnections()).isBetween(full.maxConnections() / 2 - 1, full.maxConnections() / 2 + 1);
        assertThat(half.maxRequestsInFlight())
                .isBetween(full.maxRequestsInFlight() / 2 - 1, full.maxRequestsInFlight() / 2 + 1);
    }

    @Test
    void givenAHugeHeap_forHeap_keepsTomcatsConnectionLimit() {
        HttpLimits limits = HttpLimits.forHeap(16 * 1024 * MIB, 96 * 1024, 4 * 1024, 0.4);

        assertThat(limits.maxConnections()).isEqualTo(HttpLimits.MAX_CONNECTIONS);
        assertThat(limits.maxRequestsInFlight()).isEqualTo(HttpLimits.MAX_CONNECTIONS);
    }

    @Test
    void givenATinyHeap_forHeap_keepsTheMinimums() {
        HttpLimits limits = HttpLimits.forHeap(4 * MIB, 96 * 1024, 4 * 1024, 0.4);

        assertThat(limits.maxConnections()).isEqualTo(HttpLimits.MIN_CONNECTIONS);
        assertThat(limits.maxRequestsInFlight()).isEqualTo(HttpLimits.MIN_REQUESTS_IN_FLIGHT);
        assertThat(limits.maxClaimsInFlight()).isEqualTo(HttpLimits.MIN_REQUESTS_IN_FLIGHT - HttpLimits.RESERVE);
    }

    @Test
    void givenFewRequests_forRequests_keepsHalfFromClaims() {
        assertThat(HttpLimits.forRequests(100, 10).maxClaimsInFlight()).isEqualTo(5);
        assertThat(HttpLimits.forRequests(100, 2).maxClaimsInFlight()).isEqualTo(1);
    }

    @Test
    void givenClaimsNotBelowRequests_construction_isRefused() {
        assertThatThrownBy(() -> new HttpLimits(100, 50, 50))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxClaimsInFlight");
        assertThatThrownBy(() -> new HttpLimits(100, 200, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxRequestsInFlight");
        assertThatThrownBy(() -> HttpLimits.forHeap(246 * MIB, 96 * 1024, 4 * 1024, 1.0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
