package org.freerpacapture.gateway.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static java.util.Map.entry;

/**
 * Rendered manifests bound to typed Kubernetes models (fabric8's, and {@link EnvoyGateway}'s records): a kind
 * without a model, or a field its model does not know, fails the binding, as the API server would refuse it.
 */
final class TypedManifests {

    /**
     * Unknown fields fail. fabric8's models would otherwise keep them in a map of "additional properties" through
     * {@code @JsonAnySetter}; with any-setters ignored they reach {@code FAIL_ON_UNKNOWN_PROPERTIES}.
     */
    static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .annotationIntrospector(new NoAnySetter())
            .build();

    private static final Map<String, Class<?>> MODELS = Map.ofEntries(
            entry("v1/Namespace", Namespace.class),
            entry("v1/ServiceAccount", ServiceAccount.class),
            entry("v1/ConfigMap", ConfigMap.class),
            entry("v1/Secret", Secret.class),
            entry("v1/Service", Service.class),
            entry("apps/v1/Deployment", Deployment.class),
            entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            entry("monitoring.coreos.com/v1/PodMonitor", PodMonitor.class),
            entry("monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class),
            entry("gateway.networking.k8s.io/v1/Gateway", Gateway.class),
            entry("gateway.networking.k8s.io/v1/HTTPRoute", HTTPRoute.class),
            entry(EnvoyGateway.API_VERSION + "/BackendTrafficPolicy", EnvoyGateway.BackendTrafficPolicy.class));

    private TypedManifests() {
    }

    /** Every document of a multi-document YAML stream, each bound to its kind's model. */
    static List<Object> parse(String yaml) {
        List<Object> objects = new ArrayList<>();
        for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
            if (doc != null) {
                objects.add(bind(doc));
            }
        }
        return objects;
    }

    /** One parsed document (a map) bound to the model of its {@code apiVersion} and {@code kind}. */
    static Object bind(Object doc) {
        if (!(doc instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("a manifest document is not a mapping: " + doc);
        }
        String type = map.get("apiVersion") + "/" + map.get("kind");
        Class<?> model = MODELS.get(type);
        if (model == null) {
            throw new IllegalArgumentException("no typed model for " + type + " (" + name(map) + ")");
        }
        try {
            return STRICT.convertValue(map, model);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(type + " " + name(map) + " does not bind: " + e.getMessage(), e);
        }
    }

    private static Object name(Map<?, ?> doc) {
        return doc.get("metadata") instanceof Map<?, ?> meta ? meta.get("name") : "(no name)";
    }

    private static final class NoAnySetter extends JacksonAnnotationIntrospector {
        @Override
        public Boolean hasAnySetter(Annotated a) {
            return Boolean.FALSE;
        }
    }
}
