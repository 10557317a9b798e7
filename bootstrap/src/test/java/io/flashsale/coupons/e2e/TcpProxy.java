package io.flashsale.coupons.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP proxy on 127.0.0.1 between the service and its database, to stage an outage: {@link #cut()}
 * closes every connection and refuses new ones (the listener is gone, so connects are refused at
 * once), {@link #restore()} listens again on the same port. {@link #freeze()} is the nastier kind:
 * connections stay open and new ones are accepted, but not a byte goes through (a partition, a
 * database stuck on I/O) until {@link #thaw()}.
 */
final class TcpProxy implements AutoCloseable {

    private final InetSocketAddress target;
    private final int port;
    private final List<Socket> open = new ArrayList<>();
    private ServerSocket listener;
    private boolean cut;
    private boolean frozen;

    TcpProxy(String targetHost, int targetPort) {
        this.target = new InetSocketAddress(targetHost, targetPort);
        this.listener = listen(0);
        this.port = listener.getLocalPort();
        acceptOn(listener);
    }

    int port() {
        return port;
    }

    /** Closes every open connection and the listener: the database is gone for the service. */
    synchronized void cut() {
        cut = true;
        closeQuietly(listener);
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
    }

    /** Listens again on the same port: the database is back. */
    synchronized void restore() {
        if (cut) {
            listener = listen(port);
            cut = false;
            acceptOn(listener);
        }
    }

    /** Holds every byte in either direction, on old and new connections alike. */
    synchronized void freeze() {
        frozen = true;
    }

    /** Lets the held bytes and everything after them through again. */
    synchronized void thaw() {
        frozen = false;
        notifyAll();
    }

    @Override
    public void close() {
        thaw();
        cut();
    }

    private synchronized void awaitThaw() throws InterruptedException {
        while (frozen) {
            wait();
        }
    }

    private void acceptOn(ServerSocket server) {
        Thread.ofVirtual().name("proxy-accept-" + port).start(() -> {
            while (!server.isClosed()) {
                try {
                    connect(server.accept());
                } catch (IOException closed) {
                    // The listener was closed by cut(); restore() starts a new loop.
                }
            }
        });
    }

    private void connect(Socket client) {
        Socket upstream = new Socket();
        try {
            upstream.connect(target, 2_000);
        } catch (IOException e) {
            closeQuietly(client);
            closeQuietly(upstream);
            return;
        }
        synchronized (this) {
            if (cut) {
                closeQuietly(client);
                closeQuietly(upstream);
                return;
            }
            open.add(client);
            open.add(upstream);
        }
        pump(client, upstream);
        pump(upstream, client);
    }

    private void pump(Socket from, Socket to) {
        Thread.ofVirtual().start(() -> {
            try (InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream()) {
                byte[] buffer = new byte[16 * 1024];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    awaitThaw();
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException ignored) {
                // One side went away: the other goes too.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                synchronized (this) {
                    open.remove(from);
                    open.remove(to);
                }
            }
        });
    }

    private static ServerSocket listen(int port) {
        try {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not listen on port " + port, e);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // Already closed.
        }
    }
}
