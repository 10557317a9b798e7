package io.flashsale.coupons.e2e;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * A seeded generator of requests no well-behaved client sends: malformed and deeply nested JSON,
 * huge numbers, wrong types, unicode and control characters, over-long strings, random bytes,
 * unknown methods and content types, paths with bad or tricky percent-encoding. The same seed
 * gives the same requests, so a failure found once can be replayed.
 */
final class HostileRequests {

    /**
     * One request as it goes on the wire; {@code target} is raw bytes, possibly not valid anywhere.
     * When {@code wire} is set, it is the whole request, sent exactly as it is on a connection of its
     * own, and the other parts only describe it.
     */
    record Request(String kind, String method, byte[] target, Map<String, String> headers, byte[] body, byte[] wire) {

        Request(String kind, String method, byte[] target, Map<String, String> headers, byte[] body) {
            this(kind, method, target, headers, body, null);
        }

        /** The request as it went out, escaped into printable text, for failure messages. */
        String describe() {
            if (wire != null) {
                return kind + ": " + escape(wire, 600);
            }
            StringBuilder text = new StringBuilder(kind)
                    .append(": ")
                    .append(method)
                    .append(' ')
                    .append(escape(target, 300));
            headers.forEach((k, v) -> text.append(" | ").append(k).append(": ").append(v));
            if (body != null) {
                text.append(" | body(").append(body.length).append(") ").append(escape(body, 300));
            }
            return text.toString();
        }

        private static String escape(byte[] bytes, int max) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < Math.min(bytes.length, max); i++) {
                int b = bytes[i] & 0xff;
                out.append(b >= 0x20 && b < 0x7f && b != '\\' ? String.valueOf((char) b) : String.format("\\x%02x", b));
            }
            return bytes.length > max ? out + "..." : out.toString();
        }
    }

    private static final List<String> JSON_PATHS = List.of("/api/coupons", "/api/coupons/claim");
    private static final List<String> FIELDS = List.of("name", "amount", "user_id", "coupon_name");
    private static final List<String> METHODS = List.of(
            "GET",
            "POST",
            "PUT",
            "DELETE",
            "PATCH",
            "HEAD",
            "OPTIONS",
            "TRACE",
            "PROPFIND",
            "PROPPATCH",
            "MKCOL",
            "COPY",
            "MOVE",
            "LOCK",
            "UNLOCK",
            "SEARCH",
            "BREW",
            "FOO",
            "get",
            "X-CUSTOM",
            "M-SEARCH");
    private static final List<String> PATHS = List.of(
            "/api/coupons",
            "/api/coupons/claim",
            "/api/coupons/PROMO",
            "/api",
            "/",
            "/actuator",
            "/actuator/health",
            "/actuator/prometheus",
            "/v3/api-docs",
            "/error",
            "/api/coupons/claim/extra",
            "/api/coupons/a/b");
    private static final List<String> CONTENT_TYPES = List.of(
            "application/json",
            "application/json; charset=UTF-8",
            "application/json;charset=utf-16",
            "application/json;charset=ISO-8859-1",
            "application/json; charset=bogus",
            "application/json; charset=\"",
            "application/json;;",
            "application/json; q=x",
            "application/JSON",
            "text/plain",
            "text/json",
            "application/xml",
            "text/html",
            "application/x-www-form-urlencoded",
            "multipart/form-data",
            "multipart/form-data; boundary=x",
            "application/problem+json",
            "application/merge-patch+json",
            "application/*",
            "*/*",
            "",
            "json",
            "/",
            "application/",
            "a".repeat(3000) + "/json",
            "application/json\u00e9",
            "application/octet-stream",
            "application/vnd.api+json",
            "application/json; charset=UTF-8; charset=UTF-16");
    private static final List<String> ACCEPTS = List.of(
            "*/*",
            "application/json",
            "application/problem+json",
            "text/html",
            "application/xml",
            "text/plain",
            "image/png",
            "application/json;q=0",
            "garbage",
            "*/*;q=abc",
            "application/*",
            "text/*, */*;q=0",
            "",
            ";;;",
            "application/json; charset=bogus");
    private static final List<String> TRICKY_SEGMENTS = List.of(
            "%00",
            "%2F",
            "%2f",
            "%ZZ",
            "%",
            "%%",
            "%0",
            "%G0",
            "%C0%AF",
            "%E0%80%AF",
            "%F0%80%80%AF",
            "%C0%80",
            "%ED%A0%80",
            "%FF%FE",
            "%80",
            "%C3",
            "..",
            "%2e%2e",
            ".%2E",
            "%2e",
            ".",
            ";",
            ";jsessionid=1",
            "%3B",
            "%5C",
            "\\",
            "%09",
            "%0A",
            "%0D%0A",
            "%20",
            "%7F",
            "a%00b",
            "%25",
            "%252F",
            "%u002F",
            "+",
            "%2B",
            "%3F",
            "%23",
            "%E2%80%8B",
            "%EF%BB%BF",
            "%F4%90%80%80");
    private static final List<String> NASTY_TEXT = List.of(
            "\u0000",
            "\u0001",
            "\u001f",
            "\u007f",
            "\u0085",
            "\u00a0",
            "\u2028",
            "\u2029",
            "\u200b",
            "\u202e",
            "\ufeff",
            "\uffff",
            "\ud83d\ude00",
            "\u00e9",
            "\u65e5",
            "/",
            "\\",
            "\"",
            "'",
            "%",
            "%00",
            "<script>",
            "${x}",
            "{{x}}",
            "' OR 1=1 --",
            "\t",
            " ",
            "\n",
            "\r");

    private static final List<String> VERSIONS = List.of(
            "HTTP/9.9",
            "HTTP/2.0",
            "HTTP/1.2",
            "HTTP/0.9",
            "HTTP/3",
            "HTTP/2",
            "HTTP/1",
            "HTTPS/1.1",
            "http/1.1",
            "HTTP/1.10",
            "HTTP/01.1",
            "HTTP/1.1.1",
            "XTTP/1.1",
            "HTTP/",
            "HTTP/a.b",
            "HTTP/1.0",
            "HTTP/1.1");
    private static final List<String> EXPECTATIONS = List.of(
            "100-banana", "200-ok", "", "100-continue, x", "x", "100", "100-continue-ish", "é", "100-continue;q=1");
    private static final List<String> TRANSFER_CODINGS = List.of(
            "gzip",
            "compress",
            "deflate",
            "br",
            "identity",
            "x-custom",
            "gzip, chunked",
            "chunked, gzip",
            "chunked, chunked",
            "identity, chunked",
            "zstd",
            "",
            "chunked;a=b",
            "trailers");
    private static final List<String> CONTENT_LENGTHS =
            List.of("abc", "-1", "2, 3", "0x2", "2 2", "99999999999999999999", "", "1.5", "²");
    private static final List<String> HOSTS =
            List.of("a b", "[::1", "x:port", "exa mple.com", "a/b", "x:99999", "@evil", "é.example");

    private final SplittableRandom random;

    HostileRequests(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** A request of any kind. */
    Request next() {
        int pick = random.nextInt(100);
        if (pick < 55) {
            return jsonBody();
        }
        if (pick < 65) {
            return contentType();
        }
        if (pick < 77) {
            return method();
        }
        if (pick < 94) {
            return path();
        }
        return accept();
    }

    /**
     * A request Tomcat refuses itself, before any filter runs: an unsupported HTTP version or
     * expectation, a transfer coding it does not implement, broken framing, a missing or invalid
     * Host, headers too large or too many or malformed, CONNECT, a malformed chunked body. Each can
     * be answered by 400, 417, 501 or 505, and never leaves the server waiting for more.
     */
    Request protocol() {
        String method = oneOf(List.of("GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS"));
        String target = oneOf(List.of(
                "/api/coupons/X",
                "/api/coupons",
                "/api/coupons/claim",
                "/actuator/health",
                "/",
                "http://localhost/api/coupons/X",
                "http://other.example/api/coupons/X"));
        String version = "HTTP/1.1";
        List<String> headers = new java.util.ArrayList<>(List.of("Host: localhost"));
        String body = "";
        String framing = "Content-Length: 0";
        switch (random.nextInt(9)) {
            case 0 -> version = oneOf(VERSIONS);
            case 1 -> {
                headers.add("Expect: " + oneOf(EXPECTATIONS));
                body = "{}";
                framing = "Content-Length: 2";
            }
            case 2 -> {
                // A terminated chunked body, in case the coding is accepted after all.
                body = "0\r\n\r\n";
                framing = "Transfer-Encoding: " + oneOf(TRANSFER_CODINGS);
                version = random.nextInt(4) == 0 ? "HTTP/1.0" : version;
            }
            case 3 -> {
                body = "{}";
                framing = random.nextBoolean()
                        ? "Content-Length: " + oneOf(CONTENT_LENGTHS)
                        : "Content-Length: 2\r\nContent-Length: 3";
            }
            case 4 -> {
                headers.clear();
                switch (random.nextInt(3)) {
                    case 0 -> {} // none at all
                    case 1 -> headers.addAll(List.of("Host: localhost", "Host: other.example"));
                    default -> headers.add("Host: " + oneOf(HOSTS));
                }
            }
            case 5 -> {
                switch (random.nextInt(3)) {
                    case 0 -> headers.add("X-Big: " + "a".repeat(8_200 + random.nextInt(12_000)));
                    case 1 -> {
                        for (int i = 0, n = 101 + random.nextInt(200); i < n; i++) {
                            headers.add("X-" + i + ": " + i);
                        }
                    }
                    default -> target = "/api/coupons/" + "x".repeat(8_200 + random.nextInt(12_000));
                }
            }
            case 6 ->
                headers.add(oneOf(List.of(
                        "Bad Name: x",
                        ": no-name",
                        "X-A a",
                        "X-A: a\r\n  folded",
                        "X-A: a\u0000b",
                        "X-\u007fA: x",
                        "X-A: \u00ff\u0001",
                        "(X): y",
                        "X-A:\rb")));
            case 7 -> {
                method = "CONNECT";
                target = oneOf(List.of("localhost:443", "other.example:80", "/api/coupons"));
            }
            default -> {
                framing = "Transfer-Encoding: chunked";
                method = "POST";
                body = oneOf(List.of(
                        "ZZ\r\n{}\r\n0\r\n\r\n",
                        "-1\r\n{}\r\n0\r\n\r\n",
                        "2;" + "e".repeat(9_000) + "\r\n{}\r\n0\r\n\r\n",
                        "2\r\n{}\r\n0\r\nX-T: " + "t".repeat(9_000) + "\r\n\r\n",
                        "2\r\n{}XX0\r\n\r\n",
                        "ffffffffffffffffff\r\n{}\r\n0\r\n\r\n"));
            }
        }
        String head = method + " " + target + " " + version + "\r\n" + String.join("\r\n", headers)
                + (headers.isEmpty() ? "" : "\r\n") + "Content-Type: application/json\r\n" + framing + "\r\n\r\n";
        byte[] wire = (head + body).getBytes(StandardCharsets.UTF_8);
        return new Request(
                "protocol",
                method,
                ascii(target.length() > 300 ? target.substring(0, 300) + "..." : target),
                Map.of(),
                null,
                wire);
    }

    /**
     * A request whose body stops short of what it announced and never comes: a declared length
     * not reached, or a chunk not finished. Tomcat answers it itself once its connection timeout
     * passes.
     */
    Request stalled() {
        String path = oneOf(JSON_PATHS);
        String start = "{\"" + oneOf(FIELDS) + "\":\"" + randomWord();
        String head = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n";
        String wire = random.nextBoolean()
                ? head + "Content-Length: " + (start.length() + 1 + random.nextInt(1_000)) + "\r\n\r\n" + start
                : head + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(start.length() + 5) + "\r\n"
                        + start;
        return new Request("stalled", "POST", ascii(path), Map.of(), null, wire.getBytes(StandardCharsets.UTF_8));
    }

    /** POST of hostile JSON (or not JSON at all) to one of the two JSON endpoints, declared as JSON. */
    Request jsonBody() {
        byte[] body = switch (random.nextInt(8)) {
            case 0, 1, 2 -> utf8(randomObject());
            case 3 -> utf8(deeplyNested());
            case 4 -> truncatedOrMutated(utf8(randomObject()));
            case 5 -> randomBytes(random.nextInt(2_000));
            case 6 ->
                utf8(oneOf(List.of(
                        "",
                        " ",
                        "null",
                        "[]",
                        "{}",
                        "\"x\"",
                        "1",
                        "{\"name\":",
                        "{\"a\":1}}",
                        "{\"name\":\"A\",\"amount\":1}/*c*/",
                        "\ufeff{\"name\":\"A\",\"amount\":1}",
                        "{\"name\":NaN}",
                        "{\"amount\":Infinity}",
                        "{\"amount\":-Infinity}",
                        "{\"amount\":0x10}",
                        "{\"amount\":+1}",
                        "{\"amount\":01}",
                        "{\"amount\":.5}",
                        "{\"amount\":1.}",
                        "{\"amount\":1e}",
                        "{\"name\":'x'}",
                        "{name:\"x\"}",
                        "{\"name\":\"x\",}",
                        "[,]",
                        "{\"\\u0000\":1}",
                        "{\"name\":\"\\ud800\\udc00\"}",
                        "{\"name\":\"\\uD800\"}",
                        "{\"name\":\"\\uZZZZ\"}",
                        "{\"name\":\"\\x41\"}")));
            default -> invalidUtf8Object();
        };
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        return new Request("json", "POST", ascii(oneOf(JSON_PATHS)), headers, body);
    }

    /** A valid-looking body under a content type that may or may not be JSON. */
    Request contentType() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", oneOf(CONTENT_TYPES));
        String body = random.nextBoolean()
                ? "{\"name\":\"" + randomWord() + "\",\"amount\":" + (1 + random.nextInt(100)) + "}"
                : "{\"user_id\":\"" + randomWord() + "\",\"coupon_name\":\"" + randomWord() + "\"}";
        return new Request(
                "content-type",
                oneOf(List.of("POST", "POST", "PUT", "PATCH")),
                ascii(oneOf(JSON_PATHS)),
                headers,
                utf8(body));
    }

    /** Any method, known or not, on any path, with or without a body. */
    Request method() {
        Map<String, String> headers = new LinkedHashMap<>();
        byte[] body = null;
        if (random.nextBoolean()) {
            headers.put("Content-Type", random.nextBoolean() ? "application/json" : oneOf(CONTENT_TYPES));
            body = utf8(randomObject());
        }
        return new Request("method", oneOf(METHODS), ascii(oneOf(PATHS)), headers, body);
    }

    /** A coupon name in the path with tricky percent-encoding, raw bytes, dot segments or junk queries. */
    Request path() {
        ByteArrayOutputStream target = new ByteArrayOutputStream();
        String prefix = oneOf(List.of(
                "/api/coupons/",
                "/api/coupons/",
                "/api/coupons/",
                "/api/",
                "/actuator/",
                "/actuator/health/",
                "/api/coupons/claim/",
                "/"));
        target.writeBytes(ascii(prefix));
        int parts = 1 + random.nextInt(4);
        for (int i = 0; i < parts; i++) {
            switch (random.nextInt(7)) {
                case 0, 1 -> target.writeBytes(ascii(oneOf(TRICKY_SEGMENTS)));
                case 2 -> target.writeBytes(ascii(randomWord()));
                case 3 -> target.writeBytes(ascii(percentEncodedRandomBytes(1 + random.nextInt(12))));
                case 4 -> target.writeBytes(randomPathBytes(1 + random.nextInt(12)));
                case 5 -> target.writeBytes(ascii("x".repeat(random.nextInt(12_000))));
                default ->
                    target.writeBytes(ascii(oneOf(List.of(
                            "/",
                            "//",
                            "/../",
                            "/./",
                            "?",
                            "?a=%ZZ&b",
                            "#f",
                            "?name=%00",
                            ";a=b",
                            "/%2e%2e/",
                            "/..;/",
                            "/actuator/env",
                            "%2F..%2F"))));
            }
        }
        String method = oneOf(List.of("GET", "GET", "GET", "HEAD", "POST", "DELETE", "OPTIONS"));
        Map<String, String> headers = new LinkedHashMap<>();
        byte[] body = null;
        if (method.equals("POST")) {
            headers.put("Content-Type", "application/json");
            body = utf8("{\"user_id\":\"u\",\"coupon_name\":\"c\"}");
        }
        return new Request("path", method, target.toByteArray(), headers, body);
    }

    /** A read of a real endpoint asking for a representation it may not have. */
    Request accept() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", oneOf(ACCEPTS));
        if (random.nextBoolean()) {
            headers.put("Content-Type", "application/json");
            return new Request("accept", "POST", ascii(oneOf(JSON_PATHS)), headers, utf8(randomObject()));
        }
        return new Request(
                "accept",
                "GET",
                ascii(oneOf(List.of(
                        "/api/coupons/" + randomWord(),
                        "/api/nothing",
                        "/actuator/health",
                        "/actuator/nothing",
                        "/api/coupons/%00"))),
                headers,
                null);
    }

    private String randomObject() {
        StringBuilder json = new StringBuilder("{");
        int fields = random.nextInt(5);
        for (int i = 0; i < fields; i++) {
            if (i > 0) {
                json.append(',');
            }
            String key = random.nextInt(5) == 0 ? randomText(random.nextInt(10)) : oneOf(FIELDS);
            json.append(quote(key)).append(':').append(randomValue(0));
        }
        return json.append('}').toString();
    }

    private String randomValue(int depth) {
        return switch (random.nextInt(depth > 3 ? 6 : 8)) {
            case 0 -> quote(randomText(random.nextInt(random.nextInt(10) == 0 ? 20_000 : 120)));
            case 1 -> quote(randomWord());
            case 2 -> hugeOrOddNumber();
            case 3 -> oneOf(List.of("true", "false", "null"));
            case 4 -> Long.toString(random.nextLong());
            case 5 -> Integer.toString(random.nextInt(-5, 5));
            case 6 -> "[" + randomValue(depth + 1) + (random.nextBoolean() ? "," + randomValue(depth + 1) : "") + "]";
            default -> "{" + quote(oneOf(FIELDS)) + ":" + randomValue(depth + 1) + "}";
        };
    }

    private String hugeOrOddNumber() {
        return oneOf(List.<Supplier<String>>of(
                        () -> "9".repeat(1 + random.nextInt(random.nextBoolean() ? 30 : 3_000)),
                        () -> "-" + "9".repeat(1 + random.nextInt(40)),
                        () -> "1e" + random.nextInt(1_000_000),
                        () -> "1e-" + random.nextInt(1_000_000),
                        () -> Double.toString(random.nextDouble() * 1e6),
                        () -> "2147483648",
                        () -> "2147483647",
                        () -> "-2147483649",
                        () -> "9223372036854775808",
                        () -> "0",
                        () -> "-0",
                        () -> "0.0",
                        () -> "1.0",
                        () -> "1E2",
                        () -> "1" + "0".repeat(400) + ".5",
                        () -> "0." + "0".repeat(2_000) + "1"))
                .get();
    }

    private String deeplyNested() {
        int depth = random.nextBoolean() ? 1 + random.nextInt(2_000) : 1 + random.nextInt(7_000);
        String open = random.nextBoolean() ? "[" : "{\"name\":";
        String close = open.equals("[") ? "]" : "}";
        String inner = random.nextBoolean() ? "1" : "";
        StringBuilder json = new StringBuilder(random.nextBoolean() ? "{\"amount\":" : "");
        json.append(open.repeat(depth)).append(inner);
        if (random.nextInt(4) > 0) {
            json.append(close.repeat(depth));
        }
        if (json.charAt(0) == '{' && json.toString().startsWith("{\"amount\":")) {
            json.append('}');
        }
        return json.toString();
    }

    private byte[] truncatedOrMutated(byte[] json) {
        if (json.length == 0) {
            return json;
        }
        byte[] copy = json.clone();
        if (random.nextBoolean()) {
            return java.util.Arrays.copyOf(copy, random.nextInt(copy.length));
        }
        for (int i = 0, flips = 1 + random.nextInt(4); i < flips; i++) {
            copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
        }
        return copy;
    }

    private byte[] invalidUtf8Object() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(ascii("{\"" + oneOf(FIELDS) + "\":\""));
        body.writeBytes(oneOf(List.of(
                new byte[] {(byte) 0xff},
                new byte[] {(byte) 0xc0, (byte) 0xaf},
                new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                new byte[] {(byte) 0x80},
                new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                new byte[] {(byte) 0xe2, (byte) 0x82})));
        body.writeBytes(ascii("\",\"amount\":1,\"user_id\":\"u\",\"coupon_name\":\"c\"}"));
        return body.toByteArray();
    }

    private String randomText(int length) {
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            switch (random.nextInt(4)) {
                case 0 -> text.append(oneOf(NASTY_TEXT));
                case 1 -> text.appendCodePoint(random.nextInt(0x20, 0x7f));
                case 2 -> text.appendCodePoint(random.nextInt(0x80, 0x3000));
                default -> {
                    int cp = random.nextInt(0x10ffff);
                    text.appendCodePoint(Character.isSurrogate((char) cp) && cp < 0x10000 ? 'x' : cp);
                }
            }
        }
        return text.toString();
    }

    private String randomWord() {
        int length = 1 + random.nextInt(random.nextInt(8) == 0 ? 150 : 20);
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < length; i++) {
            word.append((char) random.nextInt('a', 'z' + 1));
        }
        return word.toString();
    }

    private String percentEncodedRandomBytes(int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            out.append('%').append(HexFormat.of().withUpperCase().toHexDigits((byte) random.nextInt(256)));
        }
        return out.toString();
    }

    /** Raw bytes in the request target, as broken clients send them (space, CR and LF left out). */
    private byte[] randomPathBytes(int n) {
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            int b;
            do {
                b = random.nextInt(256);
            } while (b == ' ' || b == '\r' || b == '\n');
            bytes[i] = (byte) b;
        }
        return bytes;
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    /** A JSON string literal: escapes what JSON requires, and sometimes leaves a raw control char in on purpose. */
    private String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        boolean sloppy = random.nextInt(10) == 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 && !sloppy) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private <T> T oneOf(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
