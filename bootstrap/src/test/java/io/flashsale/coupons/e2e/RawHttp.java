package io.flashsale.coupons.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests that java.net.http refuses to send: unknown or invalid
 * methods, paths with bad percent-encoding or raw bytes, any header. Keeps its connection open
 * between requests until the server closes it.
 */
final class RawHttp implements AutoCloseable {

    private static final int MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    RawHttp(int port) {
        this.port = port;
    }

    /** A response as read off the wire; {@code status} is -1 when the server closed without answering. */
    record Response(int status, Map<String, String> headers, byte[] body) {

        /** A header by case-insensitive name, or null. */
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * Sends {@code head} (request line and headers, without the blank line) plus {@code body} with
     * its Content-Length, and reads the answer.
     */
    Response exchange(String method, byte[] target, Map<String, String> headers, byte[] body) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.write(method.getBytes(StandardCharsets.ISO_8859_1));
        request.write(' ');
        request.write(target);
        request.write(" HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.ISO_8859_1));
        for (Map.Entry<String, String> header : headers.entrySet()) {
            request.write((header.getKey() + ": " + header.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        if (body != null) {
            request.write(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        request.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            request.write(body);
        }
        return exchange(request.toByteArray(), method.equals("HEAD"));
    }

    /**
     * Sends {@code wire} exactly as given (request line, headers, body and all) and reads the answer;
     * {@code head} says whether the answer has no body, as for a HEAD.
     */
    Response exchange(byte[] wire, boolean head) throws IOException {
        boolean fresh = socket == null;
        try {
            return send(wire, head);
        } catch (IOException e) {
            close();
            if (fresh) {
                throw e;
            }
            // The server had closed the kept-alive connection meanwhile: once more on a new one.
            return send(wire, head);
        }
    }

    private Response send(byte[] request, boolean head) throws IOException {
        if (socket == null) {
            socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(30_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }
        out.write(request);
        out.flush();
        String statusLine = readLine();
        if (statusLine == null) {
            close();
            return new Response(-1, Map.of(), new byte[0]);
        }
        if (!statusLine.startsWith("HTTP/1.1 ")) {
            throw new IOException("not an HTTP/1.1 status line: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = readLine(); line != null && !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            headers.merge(
                    line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    line.substring(colon + 1).trim(),
                    (a, b) -> a + ", " + b);
        }
        byte[] body = readBody(status, head, headers);
        if ("close".equalsIgnoreCase(headers.get("connection"))) {
            close();
        }
        return new Response(status, headers, body);
    }

    private byte[] readBody(int status, boolean head, Map<String, String> headers) throws IOException {
        if (head || status == 204 || status == 304 || status < 200) {
            return new byte[0];
        }
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = readLine();
                int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
                if (size == 0) {
                    while (!readLine().isEmpty()) {
                        // trailers
                    }
                    return body.toByteArray();
                }
                body.write(in.readNBytes(size));
                readLine();
                if (body.size() > MAX_RESPONSE_BYTES) {
                    throw new IOException("response too large");
                }
            }
        }
        if (headers.containsKey("content-length")) {
            return in.readNBytes(Integer.parseInt(headers.get("content-length")));
        }
        byte[] rest = in.readNBytes(MAX_RESPONSE_BYTES);
        close();
        return rest;
    }

    private String readLine() throws IOException {
        return HttpWire.readLine(in);
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Closing anyway.
            }
            socket = null;
        }
    }
}
