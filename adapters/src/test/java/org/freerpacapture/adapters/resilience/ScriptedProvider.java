package org.freerpacapture.adapters.resilience;

import org.freerpacapture.ocr.OcrProvider;
import org.freerpacapture.ocr.OcrRequest;
import org.freerpacapture.ocr.OcrResult;
import org.freerpacapture.ocr.ProviderInfo;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/** A raw provider that plays a script of outcomes, one per attempt, and records what it was asked. */
final class ScriptedProvider implements OcrProvider {
    static final ProviderInfo INFO = new ProviderInfo("scripted:test", "scripted", "m", "1");

    private final Deque<Function<OcrRequest, CompletionStage<OcrResult>>> script = new ArrayDeque<>();
    private Function<OcrRequest, CompletionStage<OcrResult>> afterScript = r -> CompletableFuture.completedFuture(ok());
    final List<OcrRequest> attempts = new ArrayList<>();

    static OcrResult ok() {
        return new OcrResult(INFO, List.of(), Map.of());
    }

    ScriptedProvider failing(ProviderCallException e) {
        script.add(r -> CompletableFuture.failedFuture(e));
        return this;
    }

    ScriptedProvider hanging() {
        script.add(r -> new CompletableFuture<>());
        return this;
    }

    ScriptedProvider succeeding() {
        script.add(r -> CompletableFuture.completedFuture(ok()));
        return this;
    }

    ScriptedProvider thenAlways(Function<OcrRequest, CompletionStage<OcrResult>> outcome) {
        afterScript = outcome;
        return this;
    }

    @Override
    public ProviderInfo info() {
        return INFO;
    }

    @Override
    public synchronized CompletionStage<OcrResult> analyze(OcrRequest request) {
        attempts.add(request);
        Function<OcrRequest, CompletionStage<OcrResult>> next = script.poll();
        return (next != null ? next : afterScript).apply(request);
    }

    synchronized int attemptCount() {
        return attempts.size();
    }
}
