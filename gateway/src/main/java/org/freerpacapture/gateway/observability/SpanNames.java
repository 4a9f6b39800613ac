package org.freerpacapture.gateway.observability;

import io.opentelemetry.api.common.AttributeKey;

/** The names of the spans the gateway makes and of their attributes; documented in {@code docs/observability.md}. */
public final class SpanNames {

    public static final String DECODE = "decode";
    public static final String ROUTE = "route";
    public static final String PROVIDER_CALL = "provider.call";
    public static final String SHADOW_CALL = "shadow.call";
    /** Stage spans are named after the stage: {@code detect}, {@code classify}, {@code recognize}. */
    public static final String DETECT = "detect";
    public static final String CLASSIFY = "classify";
    public static final String RECOGNIZE = "recognize";
    /** A request record's consumer span, {@code process rpa.ocr.requests}: consume → read → produce. */
    public static final String PROCESS = "process";

    public static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    public static final AttributeKey<String> MESSAGING_DESTINATION =
            AttributeKey.stringKey("messaging.destination.name");
    public static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("gateway.request_id");
    public static final AttributeKey<Long> BYTES_IN = AttributeKey.longKey("gateway.bytes_in");
    public static final AttributeKey<Long> PAGES = AttributeKey.longKey("gateway.pages");
    public static final AttributeKey<String> ROUTE_NAME = AttributeKey.stringKey("gateway.route");
    public static final AttributeKey<String> VARIANT = AttributeKey.stringKey("gateway.variant");
    public static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gateway.provider");
    public static final AttributeKey<String> PROVIDER_KIND = AttributeKey.stringKey("gateway.provider.kind");
    public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("gateway.outcome");
    /** On the request's span: the tenant it is served for. */
    public static final AttributeKey<String> TENANT = AttributeKey.stringKey("gateway.tenant");
    /** On HTTP client spans: the request id the called cloud service answered with. */
    public static final AttributeKey<String> PROVIDER_REQUEST_ID =
            AttributeKey.stringKey("gateway.provider.request_id");
    public static final AttributeKey<Long> POLICY_VERSION = AttributeKey.longKey("gateway.policy_version");
    public static final AttributeKey<Boolean> CANARY = AttributeKey.booleanKey("gateway.canary");
    public static final AttributeKey<Boolean> SHADOW = AttributeKey.booleanKey("gateway.shadow");
    public static final AttributeKey<Boolean> CASCADE = AttributeKey.booleanKey("gateway.cascade");
    public static final AttributeKey<Boolean> FALLBACK = AttributeKey.booleanKey("gateway.fallback");
    public static final AttributeKey<String> FALLBACK_FROM = AttributeKey.stringKey("gateway.fallback_from");
    public static final AttributeKey<Long> ESCALATED_PAGES = AttributeKey.longKey("gateway.escalated_pages");
    public static final AttributeKey<Double> AGREEMENT = AttributeKey.doubleKey("gateway.shadow.agreement");
    public static final AttributeKey<Long> PAGE = AttributeKey.longKey("ocr.page");
    public static final AttributeKey<Long> CROPS = AttributeKey.longKey("ocr.crops");
    public static final AttributeKey<Long> BATCHES = AttributeKey.longKey("ocr.batches");
    public static final AttributeKey<Long> BATCH_SIZE = AttributeKey.longKey("ocr.batch_size");

    private SpanNames() {
    }
}
