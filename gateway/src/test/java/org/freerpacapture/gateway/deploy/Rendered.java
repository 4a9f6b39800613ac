package org.freerpacapture.gateway.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.freerpacapture.gateway.config.GatewayConfig;
import org.freerpacapture.gateway.config.GatewayConfigLoader;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one kustomization rendered, typed.
 *
 * @param target  the kustomization's directory, relative to the repository
 * @param objects every object, bound to its model
 */
record Rendered(String target, List<Object> objects) {

    static final String APP = "rpa-gateway";
    static final String GATEWAY_CONTAINER = "gateway";

    <T> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
    }

    <T extends HasMetadata> T one(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError(
                target + " renders no " + type.getSimpleName() + " named " + name));
    }

    Deployment deployment() {
        return one(Deployment.class, APP);
    }

    PodSpec pod() {
        return deployment().getSpec().getTemplate().getSpec();
    }

    Container gateway() {
        return pod().getContainers().stream().filter(c -> GATEWAY_CONTAINER.equals(c.getName())).findFirst()
                .orElseThrow(() -> new AssertionError(target + ": no container named " + GATEWAY_CONTAINER));
    }

    /** The ConfigMap the Deployment mounts as the volume {@code volume}, whatever hash suffix its name got. */
    ConfigMap mountedConfigMap(String volume) {
        String name = pod().getVolumes().stream().filter(v -> volume.equals(v.getName())).findFirst()
                .map(v -> v.getConfigMap().getName())
                .orElseThrow(() -> new AssertionError(target + ": no ConfigMap volume " + volume));
        return one(ConfigMap.class, name);
    }

    /**
     * The gateway container's environment as the kubelet would make it: the ConfigMaps of {@code envFrom}, then
     * {@code env}. Values taken from Secrets or the pod's fields are stand-ins: only their names matter here.
     */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : gateway().getEnvFrom()) {
            if (from.getConfigMapRef() != null) {
                env.putAll(one(ConfigMap.class, from.getConfigMapRef().getName()).getData());
            } else {
                throw new AssertionError(target + ": envFrom other than a ConfigMap: " + from);
            }
        }
        for (EnvVar v : gateway().getEnv()) {
            env.put(v.getName(), v.getValue() != null ? v.getValue() : "from-" + v.getName().toLowerCase());
        }
        return env;
    }

    /** The settings the gateway would start with, read by its own loader: a value it refuses fails here. */
    GatewayConfig settings() {
        return GatewayConfigLoader.load(environment());
    }
}
