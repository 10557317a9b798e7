package io.flashsale.coupons.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpillBufferTest {

    @TempDir
    Path directory;

    @Test
    void givenLessThanTheMemoryLimit_write_keepsEverythingOnTheHeap() throws IOException {
        SpillBuffer buffer = new SpillBuffer(1024, directory);
        byte[] bytes = randomBytes(1024);

        buffer.write(bytes, 0, 1000);
        buffer.write(bytes, 1000, 24);

        assertThat(buffer.spilled()).isFalse();
        assertThat(buffer.size()).isEqualTo(1024);
        assertThat(copied(buffer, 100)).isEqualTo(bytes);
        assertThat(filesIn(directory)).isZero();
    }

    @Test
    void givenMoreThanTheMemoryLimit_write_spillsToAFileNobodyElseCanSee() throws IOException {
        SpillBuffer buffer = new SpillBuffer(1024, directory);
        byte[] bytes = randomBytes(300_000);

        for (int offset = 0; offset < bytes.length; offset += 7_000) {
            buffer.write(bytes, offset, Math.min(7_000, bytes.length - offset));
        }

        assertThat(buffer.spilled()).isTrue();
        assertThat(buffer.size()).isEqualTo(bytes.length);
        // Unlinked as soon as it was open: it goes with its descriptor, whatever happens.
        assertThat(filesIn(directory)).isZero();
        assertThat(copied(buffer, 16 * 1024)).isEqualTo(bytes);
        assertThat(copied(buffer, 16 * 1024)).as("sent twice").isEqualTo(bytes);
    }

    @Test
    void givenASpilledBuffer_release_isIdempotentAndLeavesItEmpty() throws IOException {
        SpillBuffer buffer = new SpillBuffer(16, directory);
        buffer.write(randomBytes(100), 0, 100);

        buffer.release();
        buffer.release();

        assertThat(buffer.size()).isZero();
        assertThat(filesIn(directory)).isZero();
    }

    @Test
    void givenACheckThatFails_copyTo_stopsBeforeTheNextChunk() throws IOException {
        SpillBuffer buffer = new SpillBuffer(16, directory);
        buffer.write(randomBytes(100), 0, 100);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] chunks = {0};

        try {
            buffer.copyTo(out, 30, () -> {
                if (++chunks[0] > 2) {
                    throw new IOException("time is up");
                }
            });
        } catch (IOException expected) {
            assertThat(expected).hasMessage("time is up");
        }

        assertThat(out.size()).isEqualTo(60);
    }

    private static byte[] copied(SpillBuffer buffer, int chunk) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        buffer.copyTo(out, chunk, () -> {});
        return out.toByteArray();
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new Random(42).nextBytes(bytes);
        return bytes;
    }

    private static long filesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.count();
        }
    }
}
