package org.freerpacapture.gateway.kafka;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import org.freerpacapture.adapters.ProviderSafety;
import org.freerpacapture.adapters.aws.NonBlockingCredentials;
import org.freerpacapture.gateway.config.KafkaSettings;
import org.freerpacapture.gateway.config.Setting;
import org.freerpacapture.ocr.Deadline;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.utils.SdkAutoCloseable;

import java.net.URI;
import java.util.Locale;

/**
 * The documents a request names by reference, fetched over the gateway's own Vert.x HTTP client:
 * {@code https://} URLs on the hosts of {@link KafkaSettings#sourceHosts()} ({@link HttpsSources}) and
 * {@code s3://bucket/key} objects with the AWS SDK's credentials chain ({@link S3Sources}). Every fetch reads at most
 * its {@code maxBytes} and ends at its deadline ({@link BoundedGet}); what a failure means for the request is in
 * {@link SourceFailures}.
 *
 * <p>Nothing blocks an event loop: the SDK's credentials and region chains, which may read files or ask the
 * instance's metadata service, are asked on a worker and their answers held.
 */
public final class RemoteSources implements DocumentSources, AutoCloseable {

    /** Connections kept to one source host. */
    private static final int CONNECTIONS_PER_HOST = 32;
    private static final String WORKER = "source-credentials";

    private final HttpClient http;
    private final WorkerExecutor blocking;
    private final HttpsSources https;
    private final S3Sources s3;
    /** The default chain built here (it may hold a refresh thread); null when the caller owns the provider. */
    private final SdkAutoCloseable ownedCredentials;

    /**
     * Reads S3 with the SDK's default credentials chain and region chain.
     *
     * @param safety what a source may point at (the provider endpoints' rules; loopback for tests)
     */
    public RemoteSources(Vertx vertx, KafkaSettings settings, ProviderSafety safety) {
        this(vertx, settings, safety, DefaultCredentialsProvider.builder().build(),
                DefaultAwsRegionProviderChain.builder().build(), true);
    }

    /** Reads S3 with the given credentials and region. */
    public RemoteSources(Vertx vertx, KafkaSettings settings, ProviderSafety safety,
                         AwsCredentialsProvider credentials, AwsRegionProvider region) {
        this(vertx, settings, safety, credentials, region, false);
    }

    private RemoteSources(Vertx vertx, KafkaSettings settings, ProviderSafety safety,
                          AwsCredentialsProvider credentials, AwsRegionProvider region, boolean owned) {
        settings.s3EndpointOverride().flatMap(e -> safety.endpointRefusal(e.toString())).ifPresent(refusal -> {
            throw new IllegalArgumentException(Setting.KAFKA_S3_ENDPOINT.envName() + " " + refusal);
        });
        this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
                        // Servers close idle connections on their own schedule; reuse none idle for long.
                        .setKeepAliveTimeout(30)
                        // Content-Encoding is not undone: the bytes held are the bytes counted.
                        .setDecompressionSupported(false),
                new PoolOptions().setHttp1MaxSize(CONNECTIONS_PER_HOST));
        this.blocking = vertx.createSharedWorkerExecutor(WORKER, 1);
        BoundedGet get = new BoundedGet(vertx, http, settings.retryBackoff());
        this.https = new HttpsSources(settings.sourceHosts(), safety, get, settings.retryBackoff());
        NonBlockingCredentials held = new NonBlockingCredentials(credentials,
                task -> blocking.executeBlocking(() -> {
                    task.run();
                    return null;
                }, false));
        this.s3 = new S3Sources(vertx, settings.s3EndpointOverride(), held, new HeldRegion(region, blocking), get,
                settings.retryBackoff());
        this.ownedCredentials = owned && credentials instanceof SdkAutoCloseable c ? c : null;
    }

    @Override
    public Future<Fetched> fetch(URI source, long maxBytes, Deadline deadline) {
        if (DocumentSources.parse(source.toString()).isEmpty()) {
            return Future.failedFuture(SourceFailures.notAllowed("a source is s3://bucket/key or"
                    + " https://host/path"));
        }
        return source.getScheme().toLowerCase(Locale.ROOT).equals("s3")
                ? s3.fetch(source, maxBytes, deadline)
                : https.fetch(source, maxBytes, deadline);
    }

    @Override
    public void close() {
        http.close();
        blocking.close();
        if (ownedCredentials != null) {
            ownedCredentials.close();
        }
    }
}
