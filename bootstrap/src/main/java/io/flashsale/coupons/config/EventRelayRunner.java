package io.flashsale.coupons.config;

import io.flashsale.coupons.application.ClaimEventRelay;
import java.time.Duration;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the relay on a thread of its own while the application runs. It stops before the web server,
 * the broker connection and the database go (highest phase), so the lock is given up cleanly.
 */
final class EventRelayRunner implements SmartLifecycle {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private final ClaimEventRelay relay;
    private volatile Thread thread;

    EventRelayRunner(ClaimEventRelay relay) {
        this.relay = relay;
    }

    @Override
    public void start() {
        thread = Thread.ofPlatform().name("coupon-event-relay").daemon(true).start(relay::runUntilStopped);
    }

    @Override
    public void stop() {
        Thread running = thread;
        relay.stop();
        if (running != null) {
            // No interrupt: a batch in flight finishes and is marked, so a clean stop repeats nothing.
            try {
                running.join(STOP_TIMEOUT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        thread = null;
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }
}
