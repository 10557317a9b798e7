package io.flashsale.coupons.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Bounds on HTTP work in flight ({@code coupons.http.*}); README, "Requests in flight", has the
 * measurements and the arithmetic.
 *
 * @param heapPerRequest      heap one request in flight occupies (class histogram of parked claims)
 * @param heapPerConnection   heap one accepted connection occupies while it waits for a thread
 * @param heapShare           share of the maximum heap that HTTP may fill (0 to 1)
 * @param maxConnections      connections at once; unset: a quarter of the share ÷ heap-per-connection
 * @param maxRequestsInFlight requests processed at once; unset: what the connections leave of the
 *                            share ÷ heap-per-request
 * @param maxClaimsInFlight   claims at once before 503; unset: requests in flight less 16
 */
@ConfigurationProperties("coupons.http")
public record HttpProperties(
        @DefaultValue("96KB") DataSize heapPerRequest,
        @DefaultValue("4KB") DataSize heapPerConnection,
        @DefaultValue("0.4") double heapShare,
        Integer maxConnections,
        Integer maxRequestsInFlight,
        Integer maxClaimsInFlight) {}
