package io.flashsale.coupons.adapter.rest;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.Semaphore;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Admission control for claims: at most {@code maxInFlight} claims between arrival and answer.
 * One more is answered 503 with {@code Retry-After} at once, before its body is read: a claim waits
 * in its coupon's lane for up to the claim deadline, and a flash sale brings thousands in the same
 * second, each holding its request's buffers and a parked thread on the heap meanwhile.
 */
final class ClaimAdmissionFilter extends OncePerRequestFilter {

    /** Seconds a refused client should wait; claims are decided in milliseconds once admitted. */
    static final int RETRY_AFTER_SECONDS = 1;

    private final Semaphore inFlight;
    private final JsonMapper json;

    ClaimAdmissionFilter(int maxInFlight, JsonMapper json) {
        this.inFlight = new Semaphore(maxInFlight);
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // Registered for the claim path only; GET, HEAD and the rest are answered without a lane.
        return !"POST".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!inFlight.tryAcquire()) {
            response.setStatus(ApiError.SERVICE_UNAVAILABLE.status().value());
            response.setHeader(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            json.writeValue(response.getOutputStream(),
                    ApiError.SERVICE_UNAVAILABLE.problemFields("the service is busy, try again shortly"));
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            inFlight.release();
        }
    }
}
