package io.flashsale.coupons.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.rabbitmq.RabbitMQContainer;

/**
 * One real RabbitMQ per test JVM, found the same way by every test that needs one (like
 * {@code TestPostgres}): the AMQP URI in {@code COUPONS_TEST_RABBIT_URL} when given; otherwise a
 * Testcontainers {@code rabbitmq:4-management} when a Docker engine answers and can start it; otherwise
 * a local {@code rabbitmq-server} (the Debian package), started here on free ports with its node name,
 * data, logs, Erlang cookie and port mapper (epmd) in a temporary directory of its own, and stopped
 * with the JVM. Never the system's service. Tests keep to their own queues and coupons.
 */
public final class TestRabbit {

    /** Where the broker listens, and which of the three ways it came from. */
    public record Broker(String host, int port, String username, String password, String virtualHost, String source) {

        public Map<String, String> springProperties() {
            return Map.of(
                    "spring.rabbitmq.host", host,
                    "spring.rabbitmq.port", Integer.toString(port),
                    "spring.rabbitmq.username", username,
                    "spring.rabbitmq.password", password,
                    "spring.rabbitmq.virtual-host", virtualHost);
        }

        /** The same broker seen through another address (a proxy in front of it, say). */
        public Broker at(String otherHost, int otherPort) {
            return new Broker(otherHost, otherPort, username, password, virtualHost, source);
        }
    }

    private static final Duration LOCAL_START_TIMEOUT = Duration.ofMinutes(3);

    private static Broker broker;

    private TestRabbit() {}

    public static synchronized Broker broker() {
        if (broker == null) {
            broker = start();
            System.out.println("TestRabbit: using " + broker.source() + " at " + broker.host() + ":" + broker.port());
        }
        return broker;
    }

    private static Broker start() {
        String url = System.getenv("COUPONS_TEST_RABBIT_URL");
        if (url != null && !url.isBlank()) {
            return fromUri(URI.create(url));
        }
        if (dockerAnswers()) {
            RabbitMQContainer container = new RabbitMQContainer("rabbitmq:4-management");
            try {
                container.start();
                Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
                return new Broker(
                        container.getHost(),
                        container.getAmqpPort(),
                        container.getAdminUsername(),
                        container.getAdminPassword(),
                        "/",
                        "Testcontainers rabbitmq:4-management");
            } catch (RuntimeException e) {
                System.out.println("TestRabbit: Testcontainers failed (" + e.getMessage() + "), falling back");
                container.close();
            }
        }
        return startLocal();
    }

    private static Broker fromUri(URI uri) {
        String[] userInfo = uri.getUserInfo() == null
                ? new String[] {"guest", "guest"}
                : uri.getUserInfo().split(":", 2);
        String path = uri.getPath() == null || uri.getPath().length() <= 1
                ? "/"
                : URLDecoder.decode(uri.getPath().substring(1), StandardCharsets.UTF_8);
        return new Broker(
                uri.getHost(),
                uri.getPort() < 0 ? 5672 : uri.getPort(),
                userInfo[0],
                userInfo.length > 1 ? userInfo[1] : "",
                path,
                "COUPONS_TEST_RABBIT_URL");
    }

    private static Broker startLocal() {
        Path server = localServer();
        try {
            Path home = Files.createTempDirectory("test-rabbit");
            int amqpPort = freePort();
            int distPort = freePort();
            int epmdPort = freePort();
            String node = "test-rabbit-" + amqpPort + "@localhost";
            Files.writeString(home.resolve("enabled_plugins"), "[].\n");
            // The default user may connect from anywhere, as in the rabbitmq image.
            Files.writeString(home.resolve("rabbitmq.conf"), "loopback_users = none\n");
            Map<String, String> env = Map.ofEntries(
                    Map.entry("HOME", home.toString()),
                    Map.entry("ERL_EPMD_PORT", Integer.toString(epmdPort)),
                    Map.entry("RABBITMQ_NODENAME", node),
                    Map.entry("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1"),
                    Map.entry("RABBITMQ_NODE_PORT", Integer.toString(amqpPort)),
                    Map.entry("RABBITMQ_DIST_PORT", Integer.toString(distPort)),
                    Map.entry("RABBITMQ_MNESIA_BASE", home.resolve("mnesia").toString()),
                    Map.entry("RABBITMQ_LOG_BASE", home.resolve("log").toString()),
                    Map.entry("RABBITMQ_CONFIG_FILE", home.resolve("rabbitmq").toString()),
                    Map.entry(
                            "RABBITMQ_ADVANCED_CONFIG_FILE",
                            home.resolve("advanced.config").toString()),
                    Map.entry(
                            "RABBITMQ_CONF_ENV_FILE",
                            home.resolve("rabbitmq-env.conf").toString()),
                    Map.entry(
                            "RABBITMQ_ENABLED_PLUGINS_FILE",
                            home.resolve("enabled_plugins").toString()),
                    Map.entry("RABBITMQ_PID_FILE", home.resolve("rabbit.pid").toString()));
            // Our own port mapper as a child process, so that it goes away with us (a daemonised one would not).
            Process epmd = process(env, home, home.resolve("epmd.log"), "epmd", "-port", Integer.toString(epmdPort));
            Process rabbit = process(env, home, home.resolve("server.log"), server.toString());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(rabbit, epmd, home)));
            awaitPort(amqpPort, rabbit, home);
            return new Broker("127.0.0.1", amqpPort, "guest", "guest", "/", "local rabbitmq-server (" + node + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("could not start a local rabbitmq-server", e);
        }
    }

    private static Path localServer() {
        String configured = System.getenv("COUPONS_TEST_RABBITMQ_SERVER");
        Path server = Path.of(configured != null ? configured : "/usr/lib/rabbitmq/bin/rabbitmq-server");
        if (!Files.isExecutable(server)) {
            throw new IllegalStateException("No broker for the tests: set COUPONS_TEST_RABBIT_URL, run Docker, or "
                    + "install the rabbitmq-server package (apt-get install rabbitmq-server; " + server + " missing)");
        }
        return server;
    }

    private static Process process(Map<String, String> env, Path directory, Path log, String... command)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return builder.start();
    }

    private static void awaitPort(int port, Process rabbit, Path home) throws IOException {
        long deadline = System.nanoTime() + LOCAL_START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!rabbit.isAlive()) {
                throw new IllegalStateException("rabbitmq-server exited: " + tail(home.resolve("server.log")));
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                sleep(250);
            }
        }
        throw new IllegalStateException("rabbitmq-server did not listen within " + LOCAL_START_TIMEOUT + ": "
                + tail(home.resolve("server.log")));
    }

    private static String tail(Path log) throws IOException {
        String text = Files.exists(log) ? Files.readString(log) : "";
        return text.substring(Math.max(0, text.length() - 2000));
    }

    private static void stop(Process rabbit, Process epmd, Path home) {
        // SIGTERM makes the Erlang VM shut down cleanly; the script's children go with it.
        rabbit.descendants().forEach(ProcessHandle::destroy);
        rabbit.destroy();
        try {
            rabbit.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        rabbit.descendants().forEach(ProcessHandle::destroyForcibly);
        rabbit.destroyForcibly();
        epmd.destroyForcibly();
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // A temporary directory left behind is harmless.
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for rabbitmq-server", e);
        }
    }

    /**
     * Whether Testcontainers can use a Docker engine. Its check answers false for no engine, but throws
     * when an engine answers and Testcontainers' own setup on it fails (an offline engine that cannot
     * pull the Ryuk image): that is no reason to fail the build either.
     */
    private static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            System.out.println("TestRabbit: Docker answers but Testcontainers cannot use it (" + e.getMessage() + ")");
            return false;
        }
    }
}
