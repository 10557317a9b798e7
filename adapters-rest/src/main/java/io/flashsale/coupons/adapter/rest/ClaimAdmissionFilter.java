package io.flashsale.coupons.adapter.rest;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.Semaphore;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Admission control for claims: at most {@code maxInFlight} claims between arrival and answer.
 * One more is answered 503 with {@code Retry-After} at once, before its body is read: a claim waits
 * in its coupon's lane for up to the claim deadline, and a flash sale brings thousands in the same
 * second, each holding its request's buffers and a parked thread on the heap meanwhile.
 */
final class ClaimAdmissionFilter extends OncePerRequestFilter {

    private final Semaphore inFlight;

    ClaimAdmissionFilter(int maxInFlight) {
        this.inFlight = new Semaphore(maxInFlight);
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
            ApiError.SERVICE_UNAVAILABLE
                    .problem()
                    .retryAfter(Problem.RETRY_AFTER)
                    .send(response);
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            inFlight.release();
        }
    }
}
