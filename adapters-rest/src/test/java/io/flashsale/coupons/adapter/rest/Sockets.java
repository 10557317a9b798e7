package io.flashsale.coupons.adapter.rest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reading raw answers off a socket, for the tests that talk HTTP byte by byte. */
final class Sockets {

    private Sockets() {}

    /** Everything the server sends until it closes or resets the connection. */
    static byte[] readUntilClosed(InputStream in) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try {
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                all.write(chunk, 0, n);
            }
        } catch (IOException reset) {
            // A reset ends the answer as well as a close does.
        }
        return all.toByteArray();
    }
}
