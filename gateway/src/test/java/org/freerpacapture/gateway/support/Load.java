package org.freerpacapture.gateway.support;

import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/** Runs {@code total} calls with at most {@code concurrency} in flight; results in call order. */
public final class Load {

    private Load() {
    }

    public static <T> Future<List<T>> run(int total, int concurrency, IntFunction<Future<T>> call) {
        Object[] results = new Object[total];
        AtomicInteger next = new AtomicInteger();
        List<Future<Void>> lanes = new ArrayList<>();
        for (int lane = 0; lane < Math.min(total, concurrency); lane++) {
            lanes.add(lane(next, total, call, results));
        }
        return Future.all(lanes).map(done -> {
            @SuppressWarnings("unchecked")
            List<T> out = (List<T>) Arrays.asList(results);
            return out;
        });
    }

    private static <T> Future<Void> lane(AtomicInteger next, int total, IntFunction<Future<T>> call,
                                         Object[] results) {
        int i = next.getAndIncrement();
        if (i >= total) {
            return Future.succeededFuture();
        }
        return call.apply(i).compose(r -> {
            results[i] = r;
            return lane(next, total, call, results);
        });
    }
}
