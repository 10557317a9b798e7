package io.flashsale.coupons.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One GET over a socket of its own, for clients that misbehave on purpose: one that never reads
 * its answer, one that resets the connection halfway, and one that reads whatever arrives and
 * reports whether the body was complete by HTTP's own framing.
 */
final class HttpWire {

    private HttpWire() {}

    /** An answer as far as it arrived: {@code complete} when the framing said the body ended. */
    record Answer(int status, Map<String, String> headers, byte[] body, boolean complete) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** The path of a coupon's details, percent-encoded as the contract says. */
    static String detailsPath(String coupon) {
        return "/api/coupons/"
                + URLEncoder.encode(coupon, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Connects with a tiny receive window and sends a GET; the caller decides when (if ever) to
     * read. Close the socket with {@link #reset(Socket)}.
     */
    static Socket sendGet(int port, String path) throws IOException {
        Socket socket = new Socket();
        // Before connect, so that the window the server sees stays small.
        socket.setReceiveBufferSize(1024);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(60_000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return socket;
    }

    /** Closes with a TCP reset (SO_LINGER 0), as a client that went away does. */
    static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException ignored) {
            // Gone already.
        }
    }

    /** Reads the answer to the request sent on {@code socket} until its framing ends or the connection does. */
    static Answer read(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        String statusLine = readLine(in);
        if (statusLine == null) {
            return new Answer(-1, Map.of(), new byte[0], false);
        }
        int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            headers.put(
                    line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    line.substring(colon + 1).trim());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean complete;
        try {
            if (status == 304 || status == 204) {
                complete = true;
            } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                complete = readChunks(in, body);
            } else if (headers.containsKey("content-length")) {
                long length = Long.parseLong(headers.get("content-length"));
                body.write(in.readNBytes((int) length));
                complete = body.size() == length;
            } else {
                in.transferTo(body);
                complete = false;
            }
        } catch (IOException brokenOff) {
            complete = false;
        }
        return new Answer(status, headers, body.toByteArray(), complete);
    }

    private static boolean readChunks(InputStream in, ByteArrayOutputStream body) throws IOException {
        while (true) {
            String sizeLine = readLine(in);
            if (sizeLine == null || sizeLine.isEmpty()) {
                return false;
            }
            int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
            if (size == 0) {
                return readLine(in) != null;
            }
            byte[] chunk = in.readNBytes(size);
            body.write(chunk);
            if (chunk.length < size || readLine(in) == null) {
                return false;
            }
        }
    }

    /** One line of an HTTP head, without its CRLF; null at the end of the stream. */
    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }
}
