package io.flashsale.coupons.e2e;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.flashsale.coupons.testing.DownstreamTopology;
import io.flashsale.coupons.testing.TestPostgres;
import io.flashsale.coupons.testing.TestRabbit;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What the event tests share: a database of their own, the service's event settings, a consumer, a claim storm. */
final class EventTesting {

    private static final Pattern JDBC_URL = Pattern.compile("jdbc:postgresql://([^:/?]+)(?::(\\d+))?/([^?]*)(\\?.*)?");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private EventTesting() {}

    /**
     * A new, empty database on the test PostgreSQL, so that the outbox holds this test's claims only
     * (the other tests leave theirs unpublished). Falls back to the shared database when the test user
     * may not create one; the tests filter by coupon name anyway.
     */
    static TestPostgres.Connection freshDatabase() {
        TestPostgres.Connection shared = TestPostgres.connection();
        Matcher url = JDBC_URL.matcher(shared.jdbcUrl());
        if (!url.matches()) {
            return shared;
        }
        String name = "events_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection =
                        DriverManager.getConnection(shared.jdbcUrl(), shared.username(), shared.password());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            System.out.println("EventTesting: cannot create a database (" + e.getMessage() + "), sharing one");
            return shared;
        }
        String jdbcUrl = "jdbc:postgresql://" + url.group(1) + (url.group(2) == null ? "" : ":" + url.group(2)) + "/"
                + name + (url.group(4) == null ? "" : url.group(4));
        return new TestPostgres.Connection(
                jdbcUrl, shared.username(), shared.password(), shared.source() + " / " + name);
    }

    /** Host and port of a JDBC URL, and the URL with them replaced (to go through a proxy). */
    record JdbcTarget(String host, int port, String rest) {

        static JdbcTarget of(String jdbcUrl) {
            Matcher url = JDBC_URL.matcher(jdbcUrl);
            if (!url.matches()) {
                throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + jdbcUrl);
            }
            return new JdbcTarget(
                    url.group(1),
                    url.group(2) == null ? 5432 : Integer.parseInt(url.group(2)),
                    "/" + url.group(3) + (url.group(4) == null ? "" : url.group(4)));
        }

        String through(int proxyPort) {
            return "jdbc:postgresql://127.0.0.1:" + proxyPort + rest;
        }
    }

    /** An instance's settings: this database, events on to {@code exchange} on {@code broker}, quick retries. */
    static Map<String, String> eventSettings(TestPostgres.Connection db, TestRabbit.Broker broker, String exchange) {
        Map<String, String> settings = new HashMap<>(db.springProperties());
        settings.putAll(broker.springProperties());
        settings.put("coupons.events.enabled", "true");
        settings.put("coupons.events.exchange", exchange);
        settings.put("coupons.events.poll-interval", "50ms");
        settings.put("coupons.events.lock-retry-interval", "500ms");
        settings.put("coupons.events.broker-retry-delay", "500ms");
        settings.put("coupons.events.confirm-timeout", "5s");
        // These tests are about delivery while claims flow; the relay giving way to them is EventDeferralIT's.
        settings.put("coupons.events.max-deferral", "0s");
        settings.put("spring.rabbitmq.connection-timeout", "1s");
        return settings;
    }

    /** The ids of the claims granted on {@code coupon}, in claim order: the events that must arrive. */
    static List<Long> grantedClaimIds(TestPostgres.Connection db, String coupon) throws SQLException {
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
                PreparedStatement query =
                        connection.prepareStatement("SELECT id FROM claims WHERE coupon_name = ? ORDER BY id")) {
            query.setString(1, coupon);
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            return ids;
        }
    }

    /** One event as the consumer got it. */
    record Received(String eventId, String type, String coupon, long claimId, Instant claimedAt, Instant receivedAt) {}

    /**
     * A downstream consumer with the topology of README (quorum queue with a delivery limit and a DLQ),
     * bound to every event type on the test's exchange, straight to the broker (never through a proxy).
     */
    static final class EventConsumer implements AutoCloseable {

        private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
        private final com.rabbitmq.client.Connection connection;

        EventConsumer(TestRabbit.Broker broker, String exchange) throws IOException, TimeoutException {
            CachingConnectionFactory admin = new CachingConnectionFactory(broker.host(), broker.port());
            admin.setUsername(broker.username());
            admin.setPassword(broker.password());
            admin.setVirtualHost(broker.virtualHost());
            DownstreamTopology topology = DownstreamTopology.declare(
                    new RabbitAdmin(admin), exchange, exchange + ".test-consumer", "coupon.*", 5);
            admin.destroy();
            ConnectionFactory factory = new ConnectionFactory();
            factory.setHost(broker.host());
            factory.setPort(broker.port());
            factory.setUsername(broker.username());
            factory.setPassword(broker.password());
            factory.setVirtualHost(broker.virtualHost());
            connection = factory.newConnection("event-test-consumer");
            Channel channel = connection.createChannel();
            channel.basicQos(500);
            channel.basicConsume(topology.queue(), false, new DefaultConsumer(channel) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
                        throws IOException {
                    JsonNode json = JSON.readTree(body);
                    String type = json.get("event_type").asString();
                    boolean claimed = "coupon.claimed".equals(type);
                    received.add(new Received(
                            json.get("event_id").asString(),
                            type,
                            json.get("coupon_name").asString(),
                            claimed
                                    ? json.get("claim_id").asLong()
                                    : json.get("last_claim_id").asLong(),
                            Instant.parse(json.get(claimed ? "claimed_at" : "sold_out_at")
                                    .asString()),
                            Instant.now()));
                    channel.basicAck(envelope.getDeliveryTag(), false);
                }
            });
        }

        /** The events received for {@code coupon}, in arrival order, repeats included. */
        List<Received> of(String coupon) {
            synchronized (received) {
                return received.stream().filter(r -> r.coupon().equals(coupon)).toList();
            }
        }

        /** Waits until a coupon.claimed event of every id in {@code claimIds} has arrived. */
        boolean awaitClaims(String coupon, List<Long> claimIds, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            Set<Long> wanted = new LinkedHashSet<>(claimIds);
            while (System.nanoTime() < deadline) {
                if (claimedIds(coupon).containsAll(wanted)) {
                    return true;
                }
                Thread.sleep(100);
            }
            return false;
        }

        Set<Long> claimedIds(String coupon) {
            Set<Long> ids = new LinkedHashSet<>();
            of(coupon).stream().filter(r -> r.type().equals("coupon.claimed")).forEach(r -> ids.add(r.claimId()));
            return ids;
        }

        /** What arrived for a coupon: events, repeats, first arrivals in claim order, the longest wait. */
        Figures figures(String coupon) {
            List<Received> all = of(coupon).stream()
                    .filter(r -> r.type().equals("coupon.claimed"))
                    .toList();
            Set<Long> seen = new LinkedHashSet<>();
            long maxLagMillis = 0;
            for (Received r : all) {
                if (seen.add(r.claimId())) {
                    maxLagMillis = Math.max(
                            maxLagMillis,
                            Duration.between(r.claimedAt(), r.receivedAt()).toMillis());
                }
            }
            List<Long> firstArrivals = new ArrayList<>(seen);
            List<Long> sorted = new ArrayList<>(firstArrivals);
            Collections.sort(sorted);
            return new Figures(
                    all.size(), seen.size(), all.size() - seen.size(), firstArrivals.equals(sorted), maxLagMillis, (int)
                            of(coupon).stream()
                                    .filter(r -> r.type().equals("coupon.sold_out"))
                                    .count());
        }

        @Override
        public void close() throws IOException {
            connection.close();
        }
    }

    /**
     * @param delivered    coupon.claimed messages received, repeats included
     * @param distinct     distinct claims among them
     * @param duplicates   repeats
     * @param inClaimOrder whether the first arrival of each claim came in claim (id) order
     * @param maxLagMillis longest time from a claim to the first arrival of its event
     * @param soldOut      coupon.sold_out messages received
     */
    record Figures(int delivered, int distinct, int duplicates, boolean inClaimOrder, long maxLagMillis, int soldOut) {}

    /** Claims by distinct new users on one coupon from a few threads, until stopped; every answer counted. */
    static final class Storm {

        private final List<Thread> threads = new ArrayList<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        private final AtomicInteger users = new AtomicInteger();

        Storm(Api api, String coupon, int clients) {
            for (int i = 0; i < clients; i++) {
                threads.add(Thread.ofPlatform().name("storm-" + i).start(() -> {
                    while (running.get()) {
                        int status;
                        try {
                            status = api.claim("storm_" + users.incrementAndGet(), coupon)
                                    .status();
                        } catch (RuntimeException unreachable) {
                            status = -1;
                        }
                        statuses.computeIfAbsent(status, s -> new AtomicInteger())
                                .incrementAndGet();
                    }
                }));
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join();
            }
        }

        int count(int status) {
            AtomicInteger count = statuses.get(status);
            return count == null ? 0 : count.get();
        }
    }
}
