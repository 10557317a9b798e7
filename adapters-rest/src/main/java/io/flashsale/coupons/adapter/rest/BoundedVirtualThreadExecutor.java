package io.flashsale.coupons.adapter.rest;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;

/**
 * Tomcat's request executor: each task on a virtual thread of its own, at most {@code maxRunning}
 * at once; the others wait in arrival order. A waiting task is an accepted connection whose request
 * has not been looked at yet, a few KiB; a running one holds a request processor with its buffers,
 * ~95 KiB (README, "Requests in flight"). Without the bound, every accepted connection gets its
 * processor at once: a burst of thousands fills the heap; with only a connection limit instead,
 * the excess overflows the kernel's accept backlog, and clients that waited there long enough are
 * reset.
 */
final class BoundedVirtualThreadExecutor implements Executor {

    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();
    private final int maxRunning;
    private final Semaphore running;
    private final ThreadFactory threads;

    BoundedVirtualThreadExecutor(int maxRunning, String threadNamePrefix) {
        if (maxRunning < 1) {
            throw new IllegalArgumentException("maxRunning must be at least 1, was " + maxRunning);
        }
        this.maxRunning = maxRunning;
        this.running = new Semaphore(maxRunning);
        this.threads = Thread.ofVirtual().name(threadNamePrefix, 0).factory();
    }

    @Override
    public void execute(Runnable task) {
        waiting.add(task);
        startWaiting();
    }

    /**
     * Starts waiting tasks while permits last. Both sides act first and look second (a task is
     * queued before a permit is tried for it, a permit is released before the queue is looked at),
     * so a task queued while every permit was taken is always started by whoever releases next.
     */
    private void startWaiting() {
        while (!waiting.isEmpty() && running.tryAcquire()) {
            Runnable next = waiting.poll();
            if (next == null) {
                running.release();
                continue;
            }
            try {
                threads.newThread(() -> runThenStartNext(next)).start();
            } catch (RuntimeException | Error e) {
                running.release();
                throw e;
            }
        }
    }

    private void runThenStartNext(Runnable task) {
        try {
            task.run();
        } finally {
            running.release();
            startWaiting();
        }
    }

    /** Tasks started and not yet finished. */
    int running() {
        return maxRunning - running.availablePermits();
    }

    /** Tasks waiting for a permit. */
    int waiting() {
        return waiting.size();
    }
}
