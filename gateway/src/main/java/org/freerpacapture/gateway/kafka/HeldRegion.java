package org.freerpacapture.gateway.kafka;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The AWS region S3 is read in, from the SDK's region chain ({@code AWS_REGION}, {@code aws.region}, the profile,
 * the instance's metadata). The chain may read a file or ask the network, so it is asked on a worker, once; a failed
 * answer is not kept, the next read asks again.
 */
final class HeldRegion {

    private final AwsRegionProvider chain;
    private final WorkerExecutor blocking;
    private final AtomicReference<Future<String>> held = new AtomicReference<>();

    HeldRegion(AwsRegionProvider chain, WorkerExecutor blocking) {
        this.chain = chain;
        this.blocking = blocking;
    }

    Future<String> region() {
        Future<String> known = held.get();
        if (known != null && !known.failed()) {
            return known;
        }
        // Two reads may ask at once after a failure; both get an answer and either is kept.
        Future<String> asked = blocking.executeBlocking(() -> chain.getRegion().id(), false);
        held.set(asked);
        return asked;
    }
}
