package io.flashsale.coupons.application;

import static io.flashsale.coupons.domain.model.ClaimOutcome.ALREADY_CLAIMED;
import static io.flashsale.coupons.domain.model.ClaimOutcome.COUPON_NOT_FOUND;
import static io.flashsale.coupons.domain.model.ClaimOutcome.GRANTED;
import static io.flashsale.coupons.domain.model.ClaimOutcome.SOLD_OUT;
import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flashsale.coupons.domain.model.ClaimOutcome;
import io.flashsale.coupons.domain.model.Coupon;
import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.model.UserId;
import io.flashsale.coupons.domain.port.in.ClaimCouponCommand;
import io.flashsale.coupons.domain.port.in.ServiceBusyException;
import io.flashsale.coupons.domain.port.out.InMemoryStorage;
import io.flashsale.coupons.domain.port.out.StorageUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClaimCouponServiceTest {

    private static final CouponName COUPON = new CouponName("HOT");
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    private static final ClaimLaneSettings LANES =
            new ClaimLaneSettings(100, 10_000, Duration.ofSeconds(10), RETRY_AFTER);
    private static final int SOLD_OUT_HOLDERS_IN_MEMORY = 50_000;
    private static final RetryPolicy FAST_RETRIES = new RetryPolicy(50, Duration.ofMillis(1), Duration.ofMillis(5));

    private final InMemoryStorage storage = new InMemoryStorage();
    private final ExecutorService drainers = Executors.newVirtualThreadPerTaskExecutor();
    private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void stop() {
        storage.gate = null;
        callers.close();
        drainers.close();
    }

    @Test
    void givenEachCase_claim_answersAsTheRulesSay() {
        ClaimCouponService service = service(LANES);
        storage.add(Coupon.create(COUPON, 1));

        assertThat(claim(service, "nobody", new CouponName("UNKNOWN"))).isEqualTo(COUPON_NOT_FOUND);
        assertThat(claim(service, "a", COUPON)).isEqualTo(GRANTED);
        assertThat(claim(service, "a", COUPON)).isEqualTo(ALREADY_CLAIMED);
        assertThat(claim(service, "b", COUPON)).isEqualTo(SOLD_OUT);
        assertThat(storage.coupon(COUPON).remainingAmount()).isZero();
    }

    @Test
    void givenCouponSeenSoldOut_claim_answersWithOneReadAndNoWrite() {
        ClaimCouponService service = service(LANES);
        storage.add(Coupon.create(COUPON, 1));
        claim(service, "winner", COUPON);
        int couponReads = storage.couponReads.get();
        int saves = storage.saves.get();

        assertThat(claim(service, "late", COUPON)).isEqualTo(SOLD_OUT);
        assertThat(claim(service, "winner", COUPON)).isEqualTo(ALREADY_CLAIMED);

        assertThat(storage.couponReads.get()).isEqualTo(couponReads);
        assertThat(storage.saves.get()).isEqualTo(saves);
    }

    @Test
    void givenSoldOutCoupon_aStampedeOfClaims_readsItsHoldersOnce() {
        ClaimCouponService service = service(LANES);
        storage.add(Coupon.create(COUPON, 1));
        claim(service, "winner", COUPON);
        storage.delayMillis = 20;
        int holderReads = storage.holderReads.get();

        Map<Object, Long> outcomes = count(Race.run(60, i -> claim(service, i == 0 ? "winner" : "u" + i, COUPON)));

        assertThat(outcomes).isEqualTo(Map.of(ALREADY_CLAIMED, 1L, SOLD_OUT, 59L));
        assertThat(storage.allHolderReads.get()).isEqualTo(1);
        assertThat(storage.holderReads.get()).isEqualTo(holderReads);
    }

    @Test
    void givenSoldOutCouponWithMoreHoldersThanKept_aStampedeOfClaims_costsOneReadPerBatch() {
        ClaimCouponService service = new ClaimCouponService(storage, storage, LANES, FAST_RETRIES, 2, drainers);
        storage.add(Coupon.create(COUPON, 3));
        claim(service, "winner", COUPON);
        claim(service, "runner-up", COUPON);
        claim(service, "third", COUPON);
        storage.delayMillis = 20;
        int holderReads = storage.holderReads.get();

        Map<Object, Long> outcomes = count(Race.run(60, i -> claim(service, i == 0 ? "winner" : "u" + i, COUPON)));

        assertThat(outcomes).isEqualTo(Map.of(ALREADY_CLAIMED, 1L, SOLD_OUT, 59L));
        assertThat(storage.allHolderReads.get()).isZero();
        assertThat(storage.holderReads.get() - holderReads).isBetween(1, 59);
    }

    @Test
    void givenHolderAmongNewcomers_claim_isToldByTheUniqueConstraintAndAnswersAlreadyClaimed() {
        ClaimCouponService service = service(LANES);
        storage.add(Coupon.create(COUPON, 10));
        claim(service, "a", COUPON);
        claim(service, "b", COUPON);
        int saves = storage.saves.get();

        assertThat(claim(service, "a", COUPON)).isEqualTo(ALREADY_CLAIMED);
        assertThat(claim(service, "c", COUPON)).isEqualTo(GRANTED);

        assertThat(storage.saves.get() - saves)
                .as("the refused save of a, then c")
                .isEqualTo(2);
        assertThat(service.conflictRetries()).as("no race was lost").isZero();
        assertThat(storage.holders(COUPON)).containsExactly(new UserId("a"), new UserId("b"), new UserId("c"));
        assertThat(storage.coupon(COUPON).remainingAmount()).isEqualTo(7);
    }

    @Test
    void givenHolderInABatchThatRunsOutOfStock_claim_answersAlreadyClaimedNotSoldOut() throws Exception {
        ClaimCouponService other = service(LANES);
        ClaimCouponService mine = service(LANES);
        storage.add(Coupon.create(COUPON, 4));
        claim(other, "holder", COUPON);
        claim(mine, "first", COUPON);
        storage.gate = new CountDownLatch(1);
        CompletableFuture<ClaimOutcome> inFlight =
                CompletableFuture.supplyAsync(() -> claim(mine, "second", COUPON), callers);
        awaitAtLeast(storage.saves, 3);
        // Queued in this order behind the batch in flight, so decided together on the last unit.
        List<CompletableFuture<ClaimOutcome>> queued = new ArrayList<>();
        for (String user : List.of("last", "late", "holder")) {
            queued.add(CompletableFuture.supplyAsync(() -> claim(mine, user, COUPON), callers));
            Thread.sleep(100);
        }

        storage.gate.countDown();

        assertThat(inFlight.get()).isEqualTo(GRANTED);
        assertThat(queued.get(0).get()).isEqualTo(GRANTED);
        assertThat(queued.get(1).get()).isEqualTo(SOLD_OUT);
        assertThat(queued.get(2).get()).isEqualTo(ALREADY_CLAIMED);
    }

    @Test
    void givenOneInstanceWritingAlone_consecutiveClaimsOfNewcomers_readTheCouponAndTheHoldersOnce() {
        ClaimCouponService service = service(LANES);
        storage.add(Coupon.create(COUPON, 10));

        for (int i = 0; i < 5; i++) {
            assertThat(claim(service, "u" + i, COUPON)).isEqualTo(GRANTED);
        }

        assertThat(storage.couponReads.get()).isEqualTo(1);
        assertThat(storage.holderReads.get()).isEqualTo(1);
        assertThat(storage.coupon(COUPON)).isEqualTo(Coupon.rebuild(COUPON, 10, 5, 5));
    }

    @Test
    void givenAnotherWriterMeanwhile_claim_losesTheVersionReadsAgainAndGrantsCorrectly() {
        ClaimCouponService mine = service(LANES);
        ClaimCouponService other = service(LANES);
        storage.add(Coupon.create(COUPON, 2));
        claim(mine, "a", COUPON);
        claim(other, "b", COUPON);

        assertThat(claim(mine, "c", COUPON)).isEqualTo(SOLD_OUT);
        assertThat(claim(mine, "b", COUPON)).isEqualTo(ALREADY_CLAIMED);
        assertThat(storage.coupon(COUPON).remainingAmount()).isZero();
        assertThat(storage.holders(COUPON)).containsExactly(new UserId("a"), new UserId("b"));
    }

    @Test
    void givenOneInstance_burstAfterBurst_neverRacesItselfForACoupon() {
        ClaimCouponService service = service(LANES);
        storage.add(Coupon.create(COUPON, 1_000_000));

        // Between bursts lanes retire and new ones start, where two lanes of one coupon could meet.
        for (int burst = 0; burst < 300; burst++) {
            int offset = burst * 16;
            assertThat(count(Race.run(16, i -> claim(service, "u" + (offset + i), COUPON))))
                    .isEqualTo(Map.of(GRANTED, 16L));
        }

        assertThat(service.conflictRetries()).as("lost races against itself").isZero();
        assertThat(storage.coupon(COUPON).remainingAmount()).isEqualTo(1_000_000 - 300 * 16);
    }

    @Test
    void givenSlowStorage_concurrentClaims_areDecidedTogetherInBatches() {
        ClaimCouponService service = service(LANES);
        storage.add(Coupon.create(COUPON, 1_000));
        storage.delayMillis = 20;

        Map<Object, Long> outcomes = count(Race.run(60, i -> claim(service, "u" + i, COUPON)));

        assertThat(outcomes).isEqualTo(Map.of(GRANTED, 60L));
        assertThat(storage.saves.get()).isLessThan(60);
        assertThat(storage.largestSavedBatch()).isGreaterThan(1);
        assertThat(storage.coupon(COUPON).remainingAmount()).isEqualTo(940);
    }

    @Test
    void givenDuplicatesInsideBatches_claims_grantEachUserOnce() {
        ClaimCouponService service = service(LANES);
        storage.add(Coupon.create(COUPON, 1_000));
        storage.delayMillis = 10;

        Map<Object, Long> outcomes = count(Race.run(80, i -> claim(service, "u" + (i % 20), COUPON)));

        assertThat(outcomes).isEqualTo(Map.of(GRANTED, 20L, ALREADY_CLAIMED, 60L));
        assertThat(storage.holders(COUPON)).hasSize(20).doesNotHaveDuplicates();
    }

    @Test
    void givenStockRunningOutInsideABatch_claims_grantExactlyTheStock() {
        ClaimCouponService service = service(LANES);
        storage.add(Coupon.create(COUPON, 7));
        storage.delayMillis = 20;

        Map<Object, Long> outcomes = count(Race.run(50, i -> claim(service, "u" + i, COUPON)));

        assertThat(outcomes).isEqualTo(Map.of(GRANTED, 7L, SOLD_OUT, 43L));
        assertThat(storage.coupon(COUPON).remainingAmount()).isZero();
        assertThat(storage.largestSavedBatch())
                .as("a batch took the last unit with others")
                .isGreaterThan(1);
    }

    @Test
    void givenSmallBatchSize_claims_neverSaveMoreThanItAtOnce() {
        ClaimCouponService service = service(new ClaimLaneSettings(3, 1_000, Duration.ofSeconds(10), RETRY_AFTER));
        storage.add(Coupon.create(COUPON, 1_000));
        storage.delayMillis = 5;

        Map<Object, Long> outcomes = count(Race.run(40, i -> claim(service, "u" + i, COUPON)));

        assertThat(outcomes).isEqualTo(Map.of(GRANTED, 40L));
        assertThat(storage.largestSavedBatch()).isBetween(2, 3);
    }

    @Test
    void givenTwoInstancesOnOneStorage_racingClaims_grantExactlyTheStockAndRetryLostRaces() {
        ClaimCouponService first = service(LANES);
        ClaimCouponService second = service(LANES);
        storage.add(Coupon.create(COUPON, 150));
        storage.delayMillis = 2;

        // 240 requests from 200 users, alternating between the instances.
        Map<Object, Long> outcomes =
                count(Race.run(240, i -> claim(i % 2 == 0 ? first : second, "u" + (i % 200), COUPON)));

        assertThat(outcomes.get(GRANTED)).isEqualTo(150L);
        assertThat(outcomes.keySet()).containsOnly(GRANTED, ALREADY_CLAIMED, SOLD_OUT);
        assertThat(outcomes.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(240);
        assertThat(storage.holders(COUPON)).hasSize(150).doesNotHaveDuplicates();
        assertThat(storage.coupon(COUPON).remainingAmount()).isZero();
        assertThat(first.conflictRetries() + second.conflictRetries()).isPositive();
    }

    @Test
    void givenAnswerNotReadyByTheDeadline_claims_answerBusyInTimeAndQueuedOnesAreWithdrawn() throws Exception {
        ClaimCouponService service = service(new ClaimLaneSettings(100, 100, Duration.ofMillis(200), RETRY_AFTER));
        storage.add(Coupon.create(COUPON, 10));
        storage.gate = new CountDownLatch(1);
        CompletableFuture<ClaimOutcome> inFlight =
                CompletableFuture.supplyAsync(() -> claim(service, "first", COUPON), callers);
        awaitAtLeast(storage.couponReads, 1);

        assertThatThrownBy(() -> claim(service, "late", COUPON))
                .isInstanceOf(ServiceBusyException.class)
                .hasMessageContaining("withdrawn")
                .extracting(e -> ((ServiceBusyException) e).retryAfter())
                .isNotNull();
        assertThat(inFlight)
                .failsWithin(Duration.ofSeconds(1))
                .withThrowableThat()
                .havingCause()
                .isInstanceOf(ServiceBusyException.class)
                .withMessageContaining("still being decided");

        storage.gate.countDown();
        awaitHolders(1);
        assertThat(storage.holders(COUPON)).containsExactly(new UserId("first"));
        assertThat(claim(service, "first", COUPON))
                .as("a retry learns the outcome")
                .isEqualTo(ALREADY_CLAIMED);
    }

    @Test
    void givenFullQueue_claim_answersBusyAtOnce() throws Exception {
        ClaimCouponService service = service(new ClaimLaneSettings(100, 2, Duration.ofSeconds(10), RETRY_AFTER));
        storage.add(Coupon.create(COUPON, 10));
        storage.gate = new CountDownLatch(1);
        CompletableFuture<ClaimOutcome> drainer =
                CompletableFuture.supplyAsync(() -> claim(service, "first", COUPON), callers);
        awaitAtLeast(storage.couponReads, 1);
        List<CompletableFuture<ClaimOutcome>> queued = List.of(
                CompletableFuture.supplyAsync(() -> claim(service, "q1", COUPON), callers),
                CompletableFuture.supplyAsync(() -> claim(service, "q2", COUPON), callers));
        Thread.sleep(200);

        assertThatThrownBy(() -> claim(service, "overflow", COUPON))
                .isInstanceOf(ServiceBusyException.class)
                .hasMessageContaining("too many claims queued");

        storage.gate.countDown();
        assertThat(drainer.get()).isEqualTo(GRANTED);
        assertThat(queued.get(0).get()).isEqualTo(GRANTED);
        assertThat(queued.get(1).get()).isEqualTo(GRANTED);
        assertThat(storage.holders(COUPON)).hasSize(3);
    }

    @Test
    void givenEveryRaceLost_claim_givesUpAfterTheBoundAsBusy() {
        ClaimCouponService service = new ClaimCouponService(
                storage,
                storage,
                LANES,
                new RetryPolicy(4, Duration.ZERO, Duration.ZERO),
                SOLD_OUT_HOLDERS_IN_MEMORY,
                drainers);
        storage.add(Coupon.create(COUPON, 10));
        storage.alwaysConflict = true;

        assertThatThrownBy(() -> claim(service, "unlucky", COUPON)).isInstanceOf(ServiceBusyException.class);
        assertThat(storage.saves.get()).isEqualTo(4);
        assertThat(service.conflictRetries()).isEqualTo(3);
    }

    @Test
    void givenStorageDown_claim_throwsStorageUnavailableAsIs() {
        ClaimCouponService service = service(LANES);
        storage.down = true;

        assertThatThrownBy(() -> claim(service, "u", COUPON)).isInstanceOf(StorageUnavailableException.class);
    }

    private ClaimCouponService service(ClaimLaneSettings settings) {
        return new ClaimCouponService(storage, storage, settings, FAST_RETRIES, SOLD_OUT_HOLDERS_IN_MEMORY, drainers);
    }

    private static ClaimOutcome claim(ClaimCouponService service, String user, CouponName coupon) {
        return service.claimCoupon(new ClaimCouponCommand(new UserId(user), coupon));
    }

    private static Map<Object, Long> count(List<Object> outcomes) {
        return outcomes.stream().collect(groupingBy(o -> o, counting()));
    }

    private void awaitHolders(int holders) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (storage.holders(COUPON).size() < holders && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    private static void awaitAtLeast(AtomicInteger counter, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (counter.get() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(counter.get()).isGreaterThanOrEqualTo(count);
    }
}
