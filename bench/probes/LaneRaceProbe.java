import io.flashsale.coupons.application.ClaimCouponService;
import io.flashsale.coupons.application.ClaimLaneSettings;
import io.flashsale.coupons.application.RetryPolicy;
import io.flashsale.coupons.domain.model.Claim;
import io.flashsale.coupons.domain.model.ClaimDecision;
import io.flashsale.coupons.domain.model.ClaimOutcome;
import io.flashsale.coupons.domain.model.Coupon;
import io.flashsale.coupons.domain.model.CouponDetailsView;
import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.model.UserId;
import io.flashsale.coupons.domain.port.in.ClaimCouponCommand;
import io.flashsale.coupons.domain.port.in.ServiceBusyException;
import io.flashsale.coupons.domain.port.out.ClaimRepository;
import io.flashsale.coupons.domain.port.out.CouponRepository;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Does one instance ever run two batches of the same coupon at once? The design says a coupon's
 * claims within an instance go through one lane, one batch at a time, so a single instance should
 * never lose an optimistic race. This probe drives the real {@link ClaimCouponService} (lanes,
 * batch processor, retry policy) against in-memory repositories that count overlapping saves and
 * version conflicts. Clients pause a little between claims so that lanes fall idle often, which
 * is when a lane is removed from the map and recreated.
 *
 * <pre>
 * java -cp probe-classes:BOOT-INF/classes:BOOT-INF/lib/* LaneRaceProbe [threads] [seconds] [max pause µs] [platform|virtual]
 * </pre>
 */
public final class LaneRaceProbe {

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        long maxPauseNanos = (args.length > 2 ? Long.parseLong(args[2]) : 2_000) * 1_000;
        boolean platform = args.length > 3 && args[3].equals("platform");
        Store store = new Store();
        CouponName coupon = new CouponName("probe");
        store.coupons.put(coupon, Coupon.create(coupon, 1_000_000_000L));

        try (ExecutorService handOver = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().factory())) {
            // The service's defaults (bootstrap ClaimProperties).
            ClaimCouponService service = new ClaimCouponService(store, store,
                    new ClaimLaneSettings(100, 10_000, Duration.ofSeconds(10), Duration.ofSeconds(1)),
                    new RetryPolicy(10, Duration.ofMillis(2), Duration.ofMillis(100)), 50_000, handOver);
            AtomicLong granted = new AtomicLong();
            AtomicLong busy = new AtomicLong();
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            Thread[] clients = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread.Builder builder = platform ? Thread.ofPlatform() : Thread.ofVirtual();
                clients[t] = builder.start(() -> {
                    for (long n = 0; System.nanoTime() < end; n++) {
                        try {
                            if (service.claimCoupon(new ClaimCouponCommand(new UserId("u" + id + "-" + n), coupon))
                                    == ClaimOutcome.GRANTED) {
                                granted.incrementAndGet();
                            }
                        } catch (ServiceBusyException e) {
                            busy.incrementAndGet();
                        }
                        LockSupport.parkNanos(1 + ThreadLocalRandom.current().nextLong(maxPauseNanos));
                    }
                });
            }
            for (Thread client : clients) {
                client.join();
            }
            System.out.printf("granted %d, saves %d, overlapping saves of one coupon %d, version conflicts %d, "
                            + "conflict retries %d, answered busy %d%n",
                    granted.get(), store.saves.get(), store.overlaps.get(), store.conflicts.get(),
                    service.conflictRetries(), busy.get());
            System.out.println(store.overlaps.get() == 0
                    ? "OK: never two batches of one coupon at once"
                    : "RACE: two batches of one coupon ran at once in a single instance");
        }
    }

    /** Both repository ports in memory; a save takes about as long as a short transaction. */
    private static final class Store implements CouponRepository, ClaimRepository {

        final ConcurrentHashMap<CouponName, Coupon> coupons = new ConcurrentHashMap<>();
        final Set<String> claims = ConcurrentHashMap.newKeySet();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicLong saves = new AtomicLong();
        final AtomicLong overlaps = new AtomicLong();
        final AtomicLong conflicts = new AtomicLong();

        @Override
        public boolean add(Coupon coupon) {
            return coupons.putIfAbsent(coupon.name(), coupon) == null;
        }

        @Override
        public Optional<Coupon> findByName(CouponName name) {
            LockSupport.parkNanos(100_000);
            return Optional.ofNullable(coupons.get(name));
        }

        @Override
        public boolean readDetails(CouponName name, CouponDetailsView view) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Set<UserId> findHolders(CouponName couponName, Collection<UserId> users) {
            LockSupport.parkNanos(100_000);
            Set<UserId> holders = new HashSet<>();
            for (UserId user : users) {
                if (claims.contains(couponName.value() + "/" + user.value())) {
                    holders.add(user);
                }
            }
            return holders;
        }

        @Override
        public SaveOutcome save(ClaimDecision decision) {
            saves.incrementAndGet();
            if (inFlight.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            try {
                LockSupport.parkNanos(500_000);
                Coupon before = decision.decidedOn();
                synchronized (this) {
                    Coupon now = coupons.get(before.name());
                    if (now.version() != before.version()) {
                        conflicts.incrementAndGet();
                        return SaveOutcome.VERSION_CONFLICT;
                    }
                    for (Claim claim : decision.grants()) {
                        claims.add(claim.couponName().value() + "/" + claim.userId().value());
                    }
                    coupons.put(before.name(), Coupon.rebuild(before.name(), before.amount(),
                            decision.remainingAfter(), before.version() + 1));
                    return SaveOutcome.SAVED;
                }
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    private LaneRaceProbe() {
    }
}
