package io.flashsale.coupons.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.flashsale.coupons.e2e.Api.Response;
import io.flashsale.coupons.testing.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Admission control on the claim path: claims parked on a coupon whose row another transaction
 * holds fill their share of the requests in flight; one claim more is answered 503 with
 * {@code Retry-After} at once, and probes and other coupons still get a thread.
 */
class ClaimAdmissionIT {

    /** 40 requests in flight, 16 kept from claims: 24 claims at once. */
    private static final int CLAIMS_ADMITTED = 24;

    @Test
    void givenClaimsParkedOnALockedCoupon_oneClaimMore_isAnswered503AtOnceWhileProbesStillAnswer() throws Exception {
        try (ServiceInstance service = ServiceInstance.start(Map.of(
                        "coupons.http.max-requests-in-flight", "40",
                        // The parked claims must stay parked while the test looks: no read or claim timeout meanwhile.
                        "spring.datasource.hikari.data-source-properties.socketTimeout", "60",
                        "coupons.claims.deadline", "60s"));
                ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            Api api = new Api(service.port(), Duration.ofSeconds(30));
            String locked = "ADMIT_" + java.util.UUID.randomUUID().toString().substring(0, 8);
            String other = locked + "_OTHER";
            assertThat(api.createCoupon(locked, 1_000).status()).isEqualTo(201);
            assertThat(api.createCoupon(other, 10).status()).isEqualTo(201);
            TestPostgres.Connection db = TestPostgres.connection();
            try (Connection lock = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password())) {
                lock.setAutoCommit(false);
                try (PreparedStatement holdRow =
                        lock.prepareStatement("UPDATE coupons SET version = version WHERE name = ?")) {
                    holdRow.setString(1, locked);
                    holdRow.executeUpdate();
                }
                List<Future<Response>> claims = new ArrayList<>();
                for (int i = 0; i < CLAIMS_ADMITTED; i++) {
                    String user = "parked_" + i;
                    claims.add(clients.submit(() -> api.claim(user, locked)));
                }

                // An admitted claim parks on the locked row and never answers within a second; a refused
                // one answers at once.
                Response refused = null;
                for (int i = 0; i < 60 && refused == null; i++) {
                    String user = "extra_" + i;
                    Future<Response> extra = clients.submit(() -> api.claim(user, locked));
                    claims.add(extra);
                    try {
                        refused = extra.get(1, TimeUnit.SECONDS);
                    } catch (TimeoutException admitted) {
                        // parked
                    }
                }
                assertThat(refused)
                        .as("a claim beyond %d parked ones is refused", CLAIMS_ADMITTED)
                        .isNotNull();
                List<Future<Response>> parked =
                        claims.stream().filter(c -> !c.isDone()).toList();
                assertThat(parked).as("claims parked on the locked row").hasSize(CLAIMS_ADMITTED);
                for (Future<Response> answered :
                        claims.stream().filter(Future::isDone).toList()) {
                    assertThat(answered.get().status()).isEqualTo(503);
                    assertThat(answered.get().code()).isEqualTo("SERVICE_UNAVAILABLE");
                    assertThat(answered.get().header("Retry-After")).isEqualTo("1");
                }

                long start = System.nanoTime();
                assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(200);
                assertThat(api.get("/actuator/health/liveness").status()).isEqualTo(200);
                assertThat(api.details(other).status()).isEqualTo(200);
                assertThat((System.nanoTime() - start) / 1_000_000)
                        .as("probes and reads while claims are parked")
                        .isLessThan(2_000);

                lock.rollback();
                for (Future<Response> claim : parked) {
                    assertThat(claim.get().status())
                            .as("a parked claim, once the row is free")
                            .isEqualTo(201);
                }
            }
            assertThat(api.claim("after_the_lock", locked).status()).isEqualTo(201);
        }
    }
}
