package io.flashsale.coupons.application;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/** Runs n calls on n threads released together by a barrier; results in call order, failures as values. */
final class Race {

    private Race() {}

    static List<Object> run(int n, IntFunction<Object> call) {
        CyclicBarrier start = new CyclicBarrier(n);
        try (ExecutorService threads = Executors.newFixedThreadPool(n)) {
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(threads.submit(() -> {
                    start.await();
                    try {
                        return call.apply(index);
                    } catch (RuntimeException e) {
                        return e;
                    }
                }));
            }
            List<Object> results = new ArrayList<>();
            for (Future<Object> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (Exception e) {
            throw new IllegalStateException("a racer failed", e);
        }
    }
}
