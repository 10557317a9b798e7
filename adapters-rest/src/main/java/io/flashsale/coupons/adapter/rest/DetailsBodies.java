package io.flashsale.coupons.adapter.rest;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where coupon details wait between the read and the client, and how long one details request may
 * take in all. A slow or stalled client then costs its own socket, a bounded heap buffer and a
 * temporary file, never a pooled connection or an open transaction.
 */
class DetailsBodies {

    private final int memoryLimit;
    private final Path directory;
    private final Duration deadline;

    /**
     * @param memoryLimit bytes of one body kept on the heap; the rest goes to a temporary file
     * @param directory   where those temporary files go
     * @param deadline    longest one details request may take, read and sending included; a client
     *                    still receiving then has its connection broken off
     */
    DetailsBodies(int memoryLimit, Path directory, Duration deadline) {
        this.memoryLimit = memoryLimit;
        this.directory = directory;
        this.deadline = deadline;
    }

    /** An empty body; the caller releases it. */
    SpillBuffer newBody() {
        return new SpillBuffer(memoryLimit, directory);
    }

    Duration deadline() {
        return deadline;
    }
}
