package io.flashsale.coupons.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for the running service, as the grading script sees it. */
public final class Api {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;
    private final int port;
    private final String base;

    public Api(int port) {
        this(port, Duration.ofSeconds(20));
    }

    /** For bursts of thousands of connections at once, whose connects queue up on a busy machine. */
    public Api(int port, Duration connectTimeout) {
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                // Virtual threads: a burst of thousands of answers needs no pool of platform threads.
                .executor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor())
                .build();
        this.port = port;
        this.base = "http://localhost:" + port;
    }

    /** A response: status, headers and the body parsed as JSON when it is JSON. */
    public record Response(int status, HttpResponse<String> raw) {

        public JsonNode json() {
            return JSON.readTree(raw.body());
        }

        public String code() {
            return json().path("code").asString();
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public String body() {
            return raw.body();
        }
    }

    public Response createCoupon(String name, long amount) {
        return post("/api/coupons", JSON.writeValueAsString(java.util.Map.of("name", name, "amount", amount)));
    }

    public Response claim(String userId, String couponName) {
        return post(
                "/api/coupons/claim",
                JSON.writeValueAsString(java.util.Map.of("user_id", userId, "coupon_name", couponName)));
    }

    public Response details(String name) {
        return get("/api/coupons/"
                + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"));
    }

    public Response post(String path, String body) {
        return post(path, body, "application/json");
    }

    public Response post(String path, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request.build());
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build());
    }

    public Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return port;
    }

    public String base() {
        return base;
    }
}
