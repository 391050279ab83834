package org.fediflow.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class LazyTest {

    @Test
    void isBuiltOnceAtItsFirstUseEvenWhenThreadsAskTogether() throws Exception {
        AtomicInteger builds = new AtomicInteger();
        Lazy<Object> lazy = new Lazy<>(() -> {
            builds.incrementAndGet();
            return new Object();
        });
        assertThat(lazy.built()).isFalse();
        assertThat(builds).hasValue(0);

        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            Callable<Object> use = lazy::get;
            List<Object> seen = threads.invokeAll(List.of(use, use, use, use)).stream().map(LazyTest::result).toList();

            assertThat(builds).hasValue(1);
            assertThat(lazy.built()).isTrue();
            assertThat(seen).containsOnly(lazy.get());
        } finally {
            threads.shutdownNow();
        }
    }

    private static Object result(Future<Object> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
