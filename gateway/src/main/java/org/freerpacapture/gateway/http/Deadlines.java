package org.freerpacapture.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * Races a request's work against its deadline, so a slow stage ends in 504 {@code timeout} and never a hang; the
 * request is then {@link RequestScope#abandon() abandoned}, so the work behind the answer stops too.
 */
final class Deadlines {

    private Deadlines() {
    }

    static <T> Future<T> within(Vertx vertx, RequestScope scope, Future<T> work) {
        long leftMs = scope.deadline().remaining().toMillis();
        if (leftMs <= 0) {
            return Future.failedFuture(ApiException.timeout(scope.budget()));
        }
        Promise<T> outcome = Promise.promise();
        long timer = vertx.setTimer(leftMs, id -> {
            scope.abandon();
            outcome.tryFail(ApiException.timeout(scope.budget()));
        });
        work.onComplete(result -> {
            vertx.cancelTimer(timer);
            if (result.succeeded()) {
                outcome.tryComplete(result.result());
            } else {
                outcome.tryFail(result.cause());
            }
        });
        return outcome.future();
    }
}
