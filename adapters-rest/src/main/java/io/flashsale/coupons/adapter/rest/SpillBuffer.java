package io.flashsale.coupons.adapter.rest;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A body rendered before it is sent: up to {@code memoryLimit} bytes on the heap, everything beyond
 * in a temporary file. The file is unlinked as soon as it is open, so it disappears with its
 * descriptor in every case (released, failed, aborted, even a killed process) and nobody else can
 * open it; where the file system cannot unlink an open file, {@link #release()} deletes it.
 * Not thread-safe: one request writes it, then sends it.
 */
class SpillBuffer extends OutputStream {

    private final int memoryLimit;
    private final Path directory;
    private byte[] memory = new byte[256];
    private int inMemory;
    private RandomAccessFile file;
    private Path undeleted;
    private long size;

    /**
     * @param memoryLimit bytes kept on the heap before the buffer spills to a file
     * @param directory   where the temporary file goes
     */
    SpillBuffer(int memoryLimit, Path directory) {
        this.memoryLimit = memoryLimit;
        this.directory = directory;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (file == null && inMemory + length <= memoryLimit) {
            if (inMemory + length > memory.length) {
                memory = Arrays.copyOf(memory, Math.min(memoryLimit, Math.max(inMemory + length, memory.length * 2)));
            }
            System.arraycopy(bytes, offset, memory, inMemory, length);
            inMemory += length;
        } else {
            spill().write(bytes, offset, length);
        }
        size += length;
    }

    /** Bytes written so far. */
    long size() {
        return size;
    }

    /** Whether the bytes went to a file. */
    boolean spilled() {
        return file != null;
    }

    /**
     * Writes every byte to {@code out} in chunks of at most {@code chunkBytes}, calling
     * {@code beforeChunk} before each (to give up when a deadline passed, say). A chunk buffer is
     * allocated only for a body in a file.
     *
     * @throws IOException from {@code out}, from reading the file, or from {@code beforeChunk}
     */
    void copyTo(OutputStream out, int chunkBytes, Check beforeChunk) throws IOException {
        if (file == null) {
            for (int sent = 0; sent < inMemory; sent += chunkBytes) {
                beforeChunk.check();
                out.write(memory, sent, Math.min(chunkBytes, inMemory - sent));
            }
            return;
        }
        byte[] chunk = new byte[chunkBytes];
        file.seek(0);
        for (int read = file.read(chunk); read > 0; read = file.read(chunk)) {
            beforeChunk.check();
            out.write(chunk, 0, read);
        }
    }

    /** Gives the heap and the file back; the buffer is empty afterwards. Idempotent. */
    void release() {
        memory = new byte[0];
        inMemory = 0;
        size = 0;
        if (file != null) {
            try {
                file.close();
            } catch (IOException ignored) {
                // Closing a file we only read and wrote; the descriptor is gone either way.
            }
            file = null;
        }
        if (undeleted != null) {
            try {
                Files.deleteIfExists(undeleted);
            } catch (IOException ignored) {
                // Left in the temporary directory; nothing else to do about it here.
            }
            undeleted = null;
        }
    }

    /** Called before each chunk is sent. */
    @FunctionalInterface
    interface Check {
        void check() throws IOException;
    }

    private RandomAccessFile spill() throws IOException {
        if (file == null) {
            Path path = Files.createTempFile(directory, "coupon-details-", ".json");
            try {
                file = new RandomAccessFile(path.toFile(), "rw");
            } catch (IOException e) {
                Files.deleteIfExists(path);
                throw e;
            }
            try {
                Files.delete(path);
            } catch (IOException openFilesCannotBeDeletedHere) {
                undeleted = path;
            }
            file.write(memory, 0, inMemory);
            memory = new byte[0];
            inMemory = 0;
        }
        return file;
    }
}
