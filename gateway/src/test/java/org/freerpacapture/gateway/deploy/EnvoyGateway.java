package org.freerpacapture.gateway.deploy;

import io.fabric8.kubernetes.api.model.ObjectMeta;

import java.util.List;

/**
 * Envoy Gateway's {@code BackendTrafficPolicy} ({@code gateway.envoyproxy.io/v1alpha1}), as far as the manifests
 * use it: fabric8 has no model of it, so these records are the typed model, and a field they do not name fails the
 * binding as an unknown field of a fabric8 model does.
 */
final class EnvoyGateway {

    static final String API_VERSION = "gateway.envoyproxy.io/v1alpha1";

    private EnvoyGateway() {
    }

    record BackendTrafficPolicy(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {
    }

    record Spec(List<TargetRef> targetRefs, HealthCheck healthCheck, Retry retry) {
    }

    record TargetRef(String group, String kind, String name) {
    }

    record HealthCheck(Integer panicThreshold, Active active) {
    }

    record Active(String type, String interval, String timeout, Integer unhealthyThreshold,
                  Integer healthyThreshold, Http http) {
    }

    record Http(String path, String method, List<Integer> expectedStatuses) {
    }

    record Retry(Integer numRetries, RetryOn retryOn, PerRetry perRetry) {
    }

    record RetryOn(List<String> triggers, List<Integer> httpStatusCodes) {
    }

    record PerRetry(BackOff backOff, String timeout) {
    }

    record BackOff(String baseInterval, String maxInterval) {
    }
}
