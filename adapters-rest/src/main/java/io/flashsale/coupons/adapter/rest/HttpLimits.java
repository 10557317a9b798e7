package io.flashsale.coupons.adapter.rest;

/**
 * How much HTTP work this instance takes on at once, so that the heap it occupies always fits.
 * Connections beyond {@code maxConnections} wait in the kernel's accept backlog; accepted
 * connections beyond {@code maxRequestsInFlight} wait, cheaply, for a request thread; claims beyond
 * {@code maxClaimsInFlight} are answered 503 with {@code Retry-After} at once. The requests in flight
 * not open to claims are kept for everything else (health probes, details, creates), so that claims
 * parked on a stalled database never take the thread the readiness probe needs.
 *
 * @param maxConnections      connections Tomcat holds open at once, waiting, in flight or idle between requests
 * @param maxRequestsInFlight requests processed at once (each with its request processor and thread),
 *                            at most {@code maxConnections}
 * @param maxClaimsInFlight   claims between arrival and answer at once, below {@code maxRequestsInFlight}
 */
public record HttpLimits(int maxConnections, int maxRequestsInFlight, int maxClaimsInFlight) {

    /** Tomcat's own default; enough for a burst of 10,000 with the default accept backlog of 4,096. */
    static final int MAX_CONNECTIONS = 8_192;
    /**
     * Requests in flight kept from claims. Few on purpose: while claims fill their share, each claim
     * that reaches a kept thread is refused in well under a millisecond and the thread is free again,
     * so the kept threads churn through queued claims as 503s far faster than claims are decided.
     * Measured with 128 requests in flight and 16 kept: 90 % of a 10,000-shopper burst got 503.
     */
    static final int RESERVE = 16;
    /** The least the derivation gives, however small the heap. */
    static final int MIN_CONNECTIONS = 256;

    static final int MIN_REQUESTS_IN_FLIGHT = 2 * RESERVE;

    public HttpLimits {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, was " + maxConnections);
        }
        if (maxRequestsInFlight < 2 || maxRequestsInFlight > maxConnections) {
            throw new IllegalArgumentException("maxRequestsInFlight must be between 2 and maxConnections ("
                    + maxConnections + "), was " + maxRequestsInFlight);
        }
        if (maxClaimsInFlight < 1 || maxClaimsInFlight >= maxRequestsInFlight) {
            throw new IllegalArgumentException("maxClaimsInFlight must be at least 1 and below maxRequestsInFlight ("
                    + maxRequestsInFlight + "), was " + maxClaimsInFlight);
        }
    }

    /**
     * The limits for a heap. Of {@code maxHeapBytes × heapShare}, a quarter is for waiting
     * connections ({@code heapPerConnectionBytes} each, between {@value #MIN_CONNECTIONS} and
     * {@value #MAX_CONNECTIONS} of them) and what they leave for requests in flight
     * ({@code heapPerRequestBytes} each, at least {@value #MIN_REQUESTS_IN_FLIGHT}); of those,
     * {@value #RESERVE} are kept from claims.
     *
     * @param maxHeapBytes           the most heap the JVM will use ({@link Runtime#maxMemory()})
     * @param heapPerRequestBytes    heap one request in flight occupies, measured (README, "Requests in flight")
     * @param heapPerConnectionBytes heap one accepted connection occupies while it waits, measured likewise
     * @param heapShare              share of the heap that HTTP may fill, above 0 and below 1; the rest
     *                               is the service's own live set and room for the collector
     */
    public static HttpLimits forHeap(
            long maxHeapBytes, long heapPerRequestBytes, long heapPerConnectionBytes, double heapShare) {
        if (maxHeapBytes <= 0
                || heapPerRequestBytes <= 0
                || heapPerConnectionBytes <= 0
                || !(heapShare > 0 && heapShare < 1)) {
            throw new IllegalArgumentException("need a positive heap (" + maxHeapBytes + " B), positive costs per "
                    + "request (" + heapPerRequestBytes + " B) and connection (" + heapPerConnectionBytes
                    + " B) and a share between 0 and 1 (" + heapShare + ")");
        }
        long budget = (long) (maxHeapBytes * heapShare);
        int connections = (int) Math.clamp(budget / 4 / heapPerConnectionBytes, MIN_CONNECTIONS, MAX_CONNECTIONS);
        long requests = (budget - (long) connections * heapPerConnectionBytes) / heapPerRequestBytes;
        return forRequests(connections, (int) Math.clamp(requests, MIN_REQUESTS_IN_FLIGHT, connections));
    }

    /** {@code maxRequestsInFlight} with {@value #RESERVE} of them (half, if fewer than twice that) kept from claims. */
    public static HttpLimits forRequests(int maxConnections, int maxRequestsInFlight) {
        int reserve = Math.min(RESERVE, maxRequestsInFlight / 2);
        return new HttpLimits(maxConnections, maxRequestsInFlight, maxRequestsInFlight - reserve);
    }
}
