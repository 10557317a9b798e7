import io.flashsale.coupons.CouponsApplication;
import io.flashsale.coupons.application.ClaimStrategy;
import io.flashsale.coupons.domain.model.ClaimOutcome;
import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.model.UserId;
import io.flashsale.coupons.domain.port.in.ClaimCouponCommand;
import io.flashsale.coupons.domain.port.in.ClaimCouponUseCase;
import io.flashsale.coupons.domain.port.in.CreateCouponCommand;
import io.flashsale.coupons.domain.port.in.CreateCouponUseCase;
import io.flashsale.coupons.domain.port.in.ServiceBusyException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.text.ParseException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The claim use case without HTTP: the service's own Spring context (same configuration, same
 * connection pool, same lanes) without the web server, and N threads that each claim the hot
 * coupon for a new user in a loop. This is what the engine can do; the HTTP scenarios show what
 * is left of it behind Tomcat and JSON.
 *
 * <pre>
 * java -cp bench-classes:BOOT-INF/classes:BOOT-INF/lib/* EngineBench \
 *      threads warmupSeconds couponName stock outDir [virtual|platform]
 * </pre>
 * It warms up on its own coupon, prints READY, then reads commands from stdin, so that bench/run.sh
 * can interleave its measured slices with the other scenarios':
 * <ul>
 *   <li>{@code run <seconds> <label>}: claims on the hot coupon for that long; writes
 *       {@code engine.<label>.json} and {@code engine.<label>.cpu.txt} to outDir, prints DONE;</li>
 *   <li>{@code quit}.</li>
 * </ul>
 * The database comes from SPRING_DATASOURCE_URL/USERNAME/PASSWORD like the service's. With
 * -Dengine.jfr=true [-Dengine.jfc=settings] each measured slice is also recorded with JFR.
 */
public final class EngineBench {

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: EngineBench threads warmupSeconds couponName stock outDir [virtual|platform]");
            System.exit(2);
        }
        int threads = Integer.parseInt(args[0]);
        int warmupSeconds = Integer.parseInt(args[1]);
        String couponName = args[2];
        long stock = Long.parseLong(args[3]);
        Path outDir = Path.of(args[4]);
        boolean virtual = args.length < 6 || args[5].equals("virtual");

        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(CouponsApplication.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .run("--logging.level.root=WARN")) {
            ClaimCouponUseCase claims = context.getBean(ClaimCouponUseCase.class);
            CreateCouponUseCase create = context.getBean(CreateCouponUseCase.class);
            ClaimStrategy service = context.getBean(ClaimStrategy.class);

            if (warmupSeconds > 0) {
                CouponName warm = new CouponName(couponName + "-warm");
                create.createCoupon(new CreateCouponCommand(warm, stock));
                Run run = run(claims, warm, threads, warmupSeconds, "w", virtual);
                System.out.printf(Locale.ROOT, "engine warm-up: %.0f claims/s%n", run.granted() / run.seconds());
            }
            CouponName hot = new CouponName(couponName);
            create.createCoupon(new CreateCouponCommand(hot, stock));
            System.out.println("READY");
            System.out.flush();

            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = commands.readLine()) != null; ) {
                String[] command = line.trim().split("\\s+");
                if (command[0].equals("quit")) {
                    break;
                }
                if (!command[0].equals("run") || command.length != 3) {
                    System.out.println("ERROR unknown command: " + line);
                    continue;
                }
                int seconds = Integer.parseInt(command[1]);
                String label = command[2];
                long retriesBefore = service.conflictRetries();
                Recording recording = startRecording(outDir.resolve("engine." + label + ".jfr"));
                String cpuBefore = cpuSnapshot();
                Run run = run(claims, hot, threads, seconds, "m" + label, virtual);
                String cpuAfter = cpuSnapshot();
                stopRecording(recording);
                String json = run.toJson(threads, virtual, service.conflictRetries() - retriesBefore);
                if (cpuBefore != null && cpuAfter != null) {
                    // The load generator is this JVM's own threads: counted as "service", none apart.
                    Files.writeString(outDir.resolve("engine." + label + ".cpu.txt"), cpuBefore + " 0 " + cpuAfter
                            + " 0 " + Runtime.getRuntime().availableProcessors() + " 100\n");
                }
                Files.writeString(outDir.resolve("engine." + label + ".json"), json + "\n");
                System.out.println("DONE " + label + " " + json);
                System.out.flush();
            }
        }
    }

    /** With -Dengine.jfr=true [-Dengine.jfc=<settings>], a JFR recording of one measured slice. */
    private static Recording startRecording(Path file) throws IOException, ParseException {
        if (!Boolean.getBoolean("engine.jfr")) {
            return null;
        }
        String settings = System.getProperty("engine.jfc", "profile");
        Configuration configuration = settings.contains("/")
                ? Configuration.create(Path.of(settings))
                : Configuration.getConfiguration(settings);
        Recording recording = new Recording(configuration);
        recording.setDestination(file);
        recording.start();
        return recording;
    }

    private static void stopRecording(Recording recording) {
        if (recording != null) {
            recording.stop();
            recording.close();
        }
    }

    /**
     * "machine_busy machine_total self postgres" in clock ticks, like run.sh's cpu_snapshot: this
     * JVM stands where the service does in the HTTP scenarios. PostgreSQL is the postmaster of
     * $BENCH_PG_POSTMASTER with its children; null when /proc cannot tell.
     */
    private static String cpuSnapshot() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long total = 0;
            for (int i = 1; i <= 8; i++) {
                total += Long.parseLong(cpu[i]);
            }
            long busy = total - Long.parseLong(cpu[4]) - Long.parseLong(cpu[5]);
            long self = ticks(ProcessHandle.current().pid(), false);
            long postgres = 0;
            String postmaster = System.getenv("BENCH_PG_POSTMASTER");
            if (postmaster != null && !postmaster.isBlank()) {
                long pid = Long.parseLong(postmaster.trim());
                postgres = ticks(pid, true);
                for (ProcessHandle child : ProcessHandle.of(pid).map(p -> p.children().toList()).orElse(List.of())) {
                    postgres += ticks(child.pid(), false);
                }
            }
            return busy + " " + total + " " + self + " " + postgres;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long ticks(long pid, boolean withReapedChildren) throws IOException {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        } catch (IOException gone) {
            return 0;
        }
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return withReapedChildren ? t + Long.parseLong(f[13]) + Long.parseLong(f[14]) : t;
    }

    private static Run run(ClaimCouponUseCase claims, CouponName coupon, int threads, int seconds, String prefix,
                           boolean virtual) throws InterruptedException {
        Worker[] workers = new Worker[threads];
        List<Thread> started = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        long[] window = new long[2];
        for (int i = 0; i < threads; i++) {
            Worker worker = new Worker(claims, coupon, prefix + "-" + i + "-", go, window);
            workers[i] = worker;
            Thread.Builder builder = virtual ? Thread.ofVirtual() : Thread.ofPlatform();
            started.add(builder.name("engine-" + i).start(worker));
        }
        long start = System.nanoTime();
        window[0] = start;
        window[1] = start + seconds * 1_000_000_000L;
        go.countDown();
        for (Thread thread : started) {
            thread.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Run(workers, elapsed);
    }

    private static final class Worker implements Runnable {

        private final ClaimCouponUseCase claims;
        private final CouponName coupon;
        private final String userPrefix;
        private final CountDownLatch go;
        private final long[] window;
        private final Map<ClaimOutcome, Long> outcomes = new EnumMap<>(ClaimOutcome.class);
        private long busy;
        private long failed;
        private String firstFailure;
        private long[] latencies = new long[1 << 16];
        private int count;

        Worker(ClaimCouponUseCase claims, CouponName coupon, String userPrefix, CountDownLatch go, long[] window) {
            this.claims = claims;
            this.coupon = coupon;
            this.userPrefix = userPrefix;
            this.go = go;
            this.window = window;
        }

        @Override
        public void run() {
            try {
                go.await();
            } catch (InterruptedException e) {
                return;
            }
            long end = window[1];
            for (long n = 1; ; n++) {
                long t0 = System.nanoTime();
                if (t0 >= end) {
                    return;
                }
                try {
                    ClaimOutcome outcome = claims.claimCoupon(
                            new ClaimCouponCommand(new UserId(userPrefix + n), coupon));
                    outcomes.merge(outcome, 1L, Long::sum);
                } catch (ServiceBusyException e) {
                    busy++;
                    remember(e);
                } catch (RuntimeException e) {
                    failed++;
                    remember(e);
                }
                record(System.nanoTime() - t0);
            }
        }

        private void remember(RuntimeException e) {
            if (firstFailure == null) {
                firstFailure = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
        }

        private void record(long nanos) {
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = nanos;
        }
    }

    private record Run(Worker[] workers, double seconds) {

        long granted() {
            return outcome(ClaimOutcome.GRANTED);
        }

        long outcome(ClaimOutcome kind) {
            long sum = 0;
            for (Worker w : workers) {
                sum += w.outcomes.getOrDefault(kind, 0L);
            }
            return sum;
        }

        String toJson(int threads, boolean virtual, long conflictRetries) {
            int total = 0;
            long busy = 0;
            long failed = 0;
            String firstFailure = null;
            for (Worker w : workers) {
                total += w.count;
                busy += w.busy;
                failed += w.failed;
                if (firstFailure == null) {
                    firstFailure = w.firstFailure;
                }
            }
            long[] all = new long[total];
            int at = 0;
            for (Worker w : workers) {
                System.arraycopy(w.latencies, 0, all, at, w.count);
                at += w.count;
            }
            Arrays.sort(all);
            long granted = granted();
            long unexpected = total - granted;
            return String.format(Locale.ROOT,
                    "{\"requests\":%d,\"duration_s\":%.3f,\"granted\":%d,\"already_claimed\":%d,\"sold_out\":%d,"
                            + "\"not_found\":%d,\"busy\":%d,\"failed\":%d,\"unexpected\":%d,\"threads\":%d,"
                            + "\"thread_kind\":\"%s\",\"conflict_retries\":%d,"
                            + "\"latency_ms\":{\"mean\":%.3f,\"p50\":%.3f,\"p90\":%.3f,\"p99\":%.3f,\"p999\":%.3f,\"max\":%.3f},"
                            + "\"quantiles\":%s,\"first_failure\":%s}",
                    total, seconds, granted, outcome(ClaimOutcome.ALREADY_CLAIMED), outcome(ClaimOutcome.SOLD_OUT),
                    outcome(ClaimOutcome.COUPON_NOT_FOUND), busy, failed, unexpected, threads,
                    virtual ? "virtual" : "platform", conflictRetries,
                    mean(all), percentile(all, 50), percentile(all, 90), percentile(all, 99),
                    percentile(all, 99.9), all.length == 0 ? 0 : all[all.length - 1] / 1e6,
                    quantiles(all), firstFailure == null ? "null" : quote(firstFailure));
        }

        /**
         * [[p, ms], ...] on the same grid as wrk/scenario.lua, so that report.py can merge the
         * latency distributions of several slices.
         */
        private static String quantiles(long[] sorted) {
            List<String> points = new ArrayList<>();
            for (double p : QUANTILE_GRID) {
                points.add(String.format(Locale.ROOT, "[%s,%.4f]", p, percentile(sorted, p)));
            }
            return "[" + String.join(",", points) + "]";
        }

        private static double mean(long[] sorted) {
            if (sorted.length == 0) {
                return 0;
            }
            double sum = 0;
            for (long v : sorted) {
                sum += v;
            }
            return sum / sorted.length / 1e6;
        }

        private static double percentile(long[] sorted, double p) {
            if (sorted.length == 0) {
                return 0;
            }
            int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
        }

        private static String quote(String s) {
            StringBuilder out = new StringBuilder("\"");
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            return out.append('"').toString();
        }
    }

    private static final double[] QUANTILE_GRID = quantileGrid();

    private static double[] quantileGrid() {
        List<Double> grid = new ArrayList<>();
        for (int i = 1; i <= 199; i++) {
            grid.add(i * 0.5);
        }
        for (double p : new double[] {99.6, 99.7, 99.8, 99.9, 99.95, 99.99, 100.0}) {
            grid.add(p);
        }
        return grid.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private EngineBench() {
    }
}
