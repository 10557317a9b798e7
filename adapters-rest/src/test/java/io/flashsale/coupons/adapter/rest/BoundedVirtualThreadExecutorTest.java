package io.flashsale.coupons.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BoundedVirtualThreadExecutorTest {

    @Test
    void givenMoreTasksThanPermits_execute_runsNoMoreThanTheBoundAndLetsTheRestWait() throws InterruptedException {
        BoundedVirtualThreadExecutor executor = new BoundedVirtualThreadExecutor(4, "test-");
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(4);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1_000);

        for (int i = 0; i < 1_000; i++) {
            executor.execute(() -> {
                mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                running.decrementAndGet();
                done.countDown();
            });
        }

        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(executor.running()).isEqualTo(4);
        assertThat(executor.waiting()).isEqualTo(996);
        release.countDown();
        assertThat(done.await(30, TimeUnit.SECONDS)).as("every task ran").isTrue();
        assertThat(mostAtOnce.get()).isEqualTo(4);
    }

    @Test
    void givenTasksSubmittedFromManyThreadsWhileOthersFinish_execute_runsEveryOneOfThem() throws InterruptedException {
        BoundedVirtualThreadExecutor executor = new BoundedVirtualThreadExecutor(3, "test-");
        int tasks = 20_000;
        CountDownLatch done = new CountDownLatch(tasks);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        Thread[] submitters = new Thread[8];
        for (int s = 0; s < submitters.length; s++) {
            submitters[s] = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < tasks / submitters.length; i++) {
                    executor.execute(() -> {
                        mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                        running.decrementAndGet();
                        done.countDown();
                    });
                }
            });
        }
        for (Thread submitter : submitters) {
            submitter.join();
        }

        assertThat(done.await(60, TimeUnit.SECONDS))
                .as("no task left waiting: %d", done.getCount())
                .isTrue();
        assertThat(mostAtOnce.get()).isLessThanOrEqualTo(3);
        // The last tasks count down just before they give their permit back.
        for (int i = 0; i < 100 && executor.running() > 0; i++) {
            Thread.sleep(10);
        }
        assertThat(executor.running()).isZero();
        assertThat(executor.waiting()).isZero();
    }
}
