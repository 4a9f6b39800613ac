package org.freerpacapture.gateway.config;

/**
 * Every setting the gateway reads, with its environment name, its key in the {@code GATEWAY_CONFIG} file, its
 * default and what it means. The one inventory: the loader reads these, {@code docs/configuration.md} lists them.
 */
public enum Setting {
    HTTP_PORT("GATEWAY_HTTP_PORT", "8080", "Port of the public HTTP API (0 picks a free port)."),
    ADMIN_PORT("GATEWAY_ADMIN_PORT", "8081", "Port of the admin API (bearer token; separate listener)."),
    HOST("GATEWAY_HOST", "0.0.0.0", "Address both listeners bind to."),
    REGION("GATEWAY_REGION", "(none)", "Region this replica runs in (`eu-west`): the region its requests are served in, which routes may match on."),
    TRUSTED_PROXIES("GATEWAY_TRUSTED_PROXIES", "(none)", "Comma-separated IP addresses and CIDR blocks (`10.0.0.0/8`, `fd00::/8`) of the load balancers and proxies whose `X-Region` header names the region a request is served in, judged by the connection's peer address (never `X-Forwarded-For`). From any other address `X-Region` is ignored, counted and logged at debug: the request is served in `GATEWAY_REGION`. Unset: `X-Region` is never honoured."),
    MAX_BYTES("GATEWAY_MAX_BYTES", "20MiB", "Largest accepted upload (raw body or the `file` part); larger → 413 `payload_too_large`. Accepts bytes or a KiB/MiB/GiB (KB/MB/GB) suffix."),
    MAX_PIXELS("GATEWAY_MAX_PIXELS", "40000000", "Most pixels one decoded page may have; larger → 413 from the decoder."),
    MAX_PAGES("GATEWAY_MAX_PAGES", "50", "Most pages read from one PDF or TIFF (after `?pages=` selection)."),
    PDF_DPI("GATEWAY_PDF_DPI", "200", "Resolution PDF pages are rendered at."),
    PDF_MAX_OPERATORS("GATEWAY_PDF_MAX_OPERATORS", "200000", "Most drawing operations one PDF page may cost, counted before it is drawn and again while it is (operators and their operands, forms, tiling patterns each time they are painted, glyphs, image pixels per thousand); more → 422 `pdf_too_complex`."),
    INFERENCE_THREADS("GATEWAY_INFERENCE_THREADS", "number of cores", "Threads of the bounded local inference pool (ONNX Runtime runs here)."),
    ORT_INTRA_THREADS("GATEWAY_ORT_INTRA_THREADS", "number of cores", "ONNX Runtime threads the text detector uses inside an operator (recognition runs single-threaded sessions, its batches spread over idle inference threads; measured in docs/benchmarks/history/BENCHMARKS-2026-12.md, \"Speed work\")."),
    INFERENCE_QUEUE("GATEWAY_INFERENCE_QUEUE", "4 × inference threads", "Requests that may wait for an inference thread; past it → 503 `overloaded` with Retry-After."),
    DECODE_THREADS("GATEWAY_DECODE_THREADS", "number of cores", "Threads of the `decode-pool` worker pool (image and PDF decoding)."),
    DECODE_QUEUE("GATEWAY_DECODE_QUEUE", "4 × decode threads", "Requests that may wait for a decode thread; past it → 503 `overloaded` with Retry-After."),
    REQUEST_TIMEOUT("GATEWAY_REQUEST_TIMEOUT", "30s", "Deadline budget of one request from intake to response; spent → 504 `timeout`. Accepts `500ms`, `30s`, `2m`, ISO-8601 (`PT30S`) or plain seconds."),
    SHUTDOWN_TIMEOUT("GATEWAY_SHUTDOWN_TIMEOUT", "30s", "On SIGTERM, once the listener has stopped accepting (after `GATEWAY_DRAIN_READY_DELAY`): how long in-flight requests may take to finish before the process exits. The process may thus take the sum of both to stop: give the orchestrator's grace period (Kubernetes `terminationGracePeriodSeconds`) more than that."),
    DEFAULT_PROVIDER("GATEWAY_DEFAULT_PROVIDER", "onnx:ppocr-v4", "Provider that serves requests when no routing policy says otherwise (`onnx:ppocr-v4`, `onnx:ppocr-v4-en`, `onnx:ppocr-v4-ch` or `onnx:ppocr-v3`)."),
    WARMUP("GATEWAY_WARMUP", "true", "Run one inference per local model before reporting ready."),
    ADMIN_TOKEN("GATEWAY_ADMIN_TOKEN", "(none)", "Bearer token every admin API call must carry (`Authorization: Bearer …`). Unset: the admin API refuses every call (403) and says so in the log. A secret: set it in the environment, not in the file."),
    ADMIN_TOKENS_FILE("GATEWAY_ADMIN_TOKENS_FILE", "(none)", "JSON file of named admin tokens, each stored as its SHA-256 with a role, `viewer` (reads policy, stats, history) or `operator` (also changes them): see `docs/tenants.md`. Read at start and again within 5 s of a change. `GATEWAY_ADMIN_TOKEN`, when also set, stays an operator named `admin`."),
    TENANTS_FILE("GATEWAY_TENANTS_FILE", "(none)", "JSON file of tenants' plans: weight in the local engine, requests and pages a second per tenant and per key, pages a day and a month, cloud budget a month (see `docs/tenants.md`). Read at start and again within 5 s of a change. Unset: every tenant weight 1, unlimited."),
    POLICY_FILE("GATEWAY_POLICY_FILE", "(none)", "Routing policy file (JSON, see `docs/routing.md`): loaded at start, rewritten atomically after every accepted change. Missing: the default policy is written there. Unreadable or invalid: start-up stops with the file and every error. Unset: the policy lives in memory."),
    SECRET_ENV_PREFIXES("GATEWAY_SECRET_ENV_PREFIXES", "GATEWAY_SECRET_,AZURE_DI_,AWS_", "Comma-separated prefixes of the environment variables a provider's `env:NAME` reference may read; any other name is refused (422) when the policy is validated."),
    SECRET_DIRS("GATEWAY_SECRET_DIRS", "/run/secrets,/var/run/secrets", "Comma-separated directories a provider's `file:PATH` reference may read under; any other path is refused (422) when the policy is validated."),
    RESIDENCY_REGIONS("GATEWAY_RESIDENCY_REGIONS", "(none)", "Comma-separated regions (`eu-west`) whose documents are read only by local providers (`onnx`) or on the hosts of `GATEWAY_RESIDENCY_PROVIDER_HOSTS`: a policy any of whose routes could send such a document elsewhere (variant, fallback, shadow or cascade) is refused with 422, at start-up, and when read from the policy topic. Set the same value on every replica."),
    RESIDENCY_PROVIDER_HOSTS("GATEWAY_RESIDENCY_PROVIDER_HOSTS", "(none)", "Comma-separated provider hosts documents of `GATEWAY_RESIDENCY_REGIONS` may be sent to: a host name (`eu-documentai.googleapis.com`), `*.` and a domain for any name under it (`*.eu-west-1.amazonaws.com`), or an IP address. Unset with regions set: only local providers."),
    PROVIDER_LOOPBACK("GATEWAY_PROVIDER_LOOPBACK", "false", "Let provider endpoints be loopback addresses (`http://127.0.0.1:…`, `localhost`), plain http included: for local fakes and tests only. Off: endpoints must be https to a non-loopback host."),
    TLS_CERT("GATEWAY_TLS_CERT", "(none)", "PEM file of the certificate chain both listeners serve TLS with (leaf first). Set with `GATEWAY_TLS_KEY`; unset: both listeners speak plain HTTP."),
    TLS_KEY("GATEWAY_TLS_KEY", "(none)", "PEM file of the private key of `GATEWAY_TLS_CERT` (PKCS#8 or PKCS#1, unencrypted)."),
    ADMIN_CLIENT_CA("GATEWAY_ADMIN_CLIENT_CA", "(none)", "PEM file of the CA certificates admin clients must present a certificate from (mutual TLS on the admin port; needs `GATEWAY_TLS_CERT`). Unset: no client certificate asked."),
    TLS_RELOAD_INTERVAL("GATEWAY_TLS_RELOAD_INTERVAL", "10s", "How often the TLS files are read again; changed content is put in force for new connections without a restart."),
    IDLE_TIMEOUT("GATEWAY_IDLE_TIMEOUT", "60s", "Both listeners: a connection that sends and receives nothing for this long is closed; also how long a kept-alive connection may wait for its next request."),
    HEADER_TIMEOUT("GATEWAY_HEADER_TIMEOUT", "10s", "Both listeners: the request line and headers must have arrived this long after the connection opened; later → 408 `request_timeout` and the connection is closed (headers sent a byte at a time)."),
    BODY_TIMEOUT("GATEWAY_BODY_TIMEOUT", "30s", "Both listeners: the whole body must have arrived this long after the headers, and before the request's deadline; later → 408 `request_timeout` and the connection is closed (chunked bodies without end, `Content-Length` longer than what arrives, multipart without its closing boundary)."),
    MAX_HEADER_SIZE("GATEWAY_MAX_HEADER_SIZE", "8KiB", "Largest request head (all header lines); larger → 431 `headers_too_large`."),
    MAX_INITIAL_LINE("GATEWAY_MAX_INITIAL_LINE", "4KiB", "Longest request line (method, path and query); longer → 414 `uri_too_long`."),
    MAX_CONNECTIONS("GATEWAY_MAX_CONNECTIONS", "8192", "Connections each listener holds open at once; the next one is answered 503 `too_many_connections` with Retry-After and closed. Keep it below the process's open-file limit (`ulimit -n`)."),
    MAX_CONNECTIONS_PER_ADDRESS("GATEWAY_MAX_CONNECTIONS_PER_ADDRESS", "256", "Connections one remote address may hold open at once on each listener; more → 503 `too_many_connections` and closed. Behind a load balancer that pools connections, raise it to the pool size."),
    DRAIN_READY_DELAY("GATEWAY_DRAIN_READY_DELAY", "5s", "On SIGTERM: how long `/health/ready` answers 503 while requests are still served (every response then says `Connection: close`) before the listener stops accepting; set it above the load balancer's readiness-probe interval. `0` stops accepting at once."),
    KAFKA_BOOTSTRAP("GATEWAY_KAFKA_BOOTSTRAP", "(none)", "Kafka bootstrap servers (`host:9092,host2:9092`). Set: the gateway reads request records, writes results and dead letters, and shares its routing policy through the policy topic (see `docs/kafka.md`). Unset: no Kafka code runs."),
    KAFKA_REQUESTS_TOPIC("GATEWAY_KAFKA_REQUESTS_TOPIC", "rpa.ocr.requests", "Topic request records are read from."),
    KAFKA_RESULTS_TOPIC("GATEWAY_KAFKA_RESULTS_TOPIC", "rpa.ocr.results", "Topic results are written to, unless a request names its own `replyTo`."),
    KAFKA_DLQ_TOPIC("GATEWAY_KAFKA_DLQ_TOPIC", "rpa.ocr.dlq", "Topic records that can never be read go to, with their original bytes and the reason."),
    KAFKA_POLICY_TOPIC("GATEWAY_KAFKA_POLICY_TOPIC", "rpa.gateway.policy", "Compacted topic every replica takes its routing policy from; every admin change is a record there."),
    KAFKA_GROUP("GATEWAY_KAFKA_GROUP", "rpa-gateway", "Consumer group of the replicas that share the request topic."),
    KAFKA_INFERENCE_SHARE("GATEWAY_KAFKA_INFERENCE_SHARE", "0.5", "Share of the local inference threads Kafka work may hold at once (at least one request): the rest stays free for HTTP callers however deep the backlog. From 0 (exclusive) to 1."),
    KAFKA_ATTEMPTS("GATEWAY_KAFKA_ATTEMPTS", "5", "Attempts a request gets when it fails for a passing reason (provider down, overload, source unreachable) before it goes to the dead-letter topic."),
    KAFKA_RETRY_BACKOFF("GATEWAY_KAFKA_RETRY_BACKOFF", "1s", "Wait before a request's second attempt; doubled for each further one, up to 30 s."),
    KAFKA_INSTANCE_ID("GATEWAY_KAFKA_INSTANCE_ID", "host name", "This replica's name in the group; its transactional id is `<group>-<instance id>`, so a restarted replica fences its former self at once. Must differ between replicas (the pod name)."),
    KAFKA_SOURCE_HOSTS("GATEWAY_KAFKA_SOURCE_HOSTS", "(none)", "Comma-separated hosts a request's `https://` source may name, compared as written (lower case, any port, no wildcards); any other host is refused (dead letter `source_not_allowed`), and so are metadata services and link-local addresses even when listed. Redirects are not followed. `s3://` sources are read with the AWS SDK's default credentials chain (see `GATEWAY_KAFKA_S3_ENDPOINT`)."),
    KAFKA_S3_ENDPOINT("GATEWAY_KAFKA_S3_ENDPOINT", "(none)", "Where `s3://` sources are read instead of AWS's regional S3 endpoint: an S3-compatible store (MinIO, `https://minio.internal:9000`) or an S3 VPC endpoint, addressed path-style (`<endpoint>/<bucket>/<key>`). Same rules as a provider endpoint: `https`; loopback and plain http only with `GATEWAY_PROVIDER_LOOPBACK`. Unset: `https://<bucket>.s3.<region>.amazonaws.com`, the region from `AWS_REGION` or the AWS SDK's region chain."),
    KAFKA_PROPERTIES("GATEWAY_KAFKA_PROPERTIES", "(none)", "File of standard Kafka client properties (`security.protocol`, `sasl.*`, `ssl.*`) given to every client the gateway makes; `GATEWAY_KAFKA_CLIENT_<NAME>` variables add or override one each (`GATEWAY_KAFKA_CLIENT_SASL_MECHANISM` → `sasl.mechanism`). Never logged."),
    AUTH("GATEWAY_AUTH", "off", "Who may call the analyze endpoints (`/health/*` and `/openapi.yaml` stay open): `off` (anyone; every request is tenant `default`), `api-key` (a key of `GATEWAY_API_KEYS_FILE`), `jwt` (a token from the identity provider of `GATEWAY_JWT_JWKS`), or `api-key,jwt` (either). A missing or wrong credential → 401 `unauthorized` with `WWW-Authenticate`. See `docs/tenants.md`."),
    API_KEYS_FILE("GATEWAY_API_KEYS_FILE", "(none)", "JSON file of the API keys (`{\"keys\": [{\"name\", \"tenant\", \"hash\": \"sha256:<hex>\"}]}`): the SHA-256 of each key, never the key. Compared with the keys in force every second: a key removed is refused a second or two later, without a restart; content that does not parse is logged (never its content) and the previous keys stay. Required with `api-key`."),
    JWT_JWKS("GATEWAY_JWT_JWKS", "(none)", "The identity provider's signing keys (JWKS): an `https://` URL or a file. RSA and EC keys only (RS256/384/512, PS256/384/512, ES256/384/512). Same URL rules as a provider endpoint (loopback and plain http only with `GATEWAY_PROVIDER_LOOPBACK`). Read at start (start-up stops if it cannot be), then every `GATEWAY_JWT_JWKS_REFRESH`, and at once (at most every 30 s) when a token names a key id not seen yet. Required with `jwt`."),
    JWT_ISSUER("GATEWAY_JWT_ISSUER", "(none)", "The `iss` every token must carry, exactly. Required with `jwt`."),
    JWT_AUDIENCE("GATEWAY_JWT_AUDIENCE", "(none)", "Comma-separated audiences; a token's `aud` must name at least one. Required with `jwt`."),
    JWT_TENANT_CLAIM("GATEWAY_JWT_TENANT_CLAIM", "tenant", "The (top-level) claim holding the caller's tenant id: 1-64 letters, digits, `.`, `_` or `-`; a token without it → 401."),
    JWT_JWKS_REFRESH("GATEWAY_JWT_JWKS_REFRESH", "5m", "How often the JWKS is read again (the identity provider rotates its keys).");

    private final String envName;
    private final String defaultText;
    private final String meaning;

    Setting(String envName, String defaultText, String meaning) {
        this.envName = envName;
        this.defaultText = defaultText;
        this.meaning = meaning;
    }

    /** The environment variable, e.g. {@code GATEWAY_HTTP_PORT}. */
    public String envName() {
        return envName;
    }

    /** The key in the config file: the environment name without its prefix, in camelCase ({@code httpPort}). */
    public String fileKey() {
        String[] parts = envName.substring("GATEWAY_".length()).toLowerCase(java.util.Locale.ROOT).split("_");
        StringBuilder key = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            key.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
        }
        return key.toString();
    }

    /** The default as written in the documentation. */
    public String defaultText() {
        return defaultText;
    }

    public String meaning() {
        return meaning;
    }
}
