package org.freerpacapture.gateway.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The kustomizations under {@code k8s/}, each rendered once per test run. */
final class RenderedManifests {

    static final String BASE = "k8s/base";
    static final List<String> REGIONS = List.of("us-east", "eu-west", "ap-southeast");
    /** Everything an operator applies: the base alone, and each region's overlay. */
    static final List<String> TARGETS = List.of(BASE, overlay("us-east"), overlay("eu-west"), overlay("ap-southeast"));

    private static final Map<String, Rendered> CACHE = new ConcurrentHashMap<>();

    private RenderedManifests() {
    }

    static String overlay(String region) {
        return "k8s/overlays/" + region;
    }

    static Rendered of(String target) {
        return CACHE.computeIfAbsent(target, t -> render(Repo.ROOT.resolve(t), t));
    }

    /** A region's overlay with a component added, as an operator would write it in that overlay. */
    static Rendered withComponent(String region, String component) {
        return CACHE.computeIfAbsent(overlay(region) + "+" + component, key -> {
            // kustomize resolves resources relative to a kustomization inside the tree, never from an absolute path.
            Path dir = Repo.ROOT.resolve("gateway/target/kustomize/" + region + "-" + component);
            try {
                Files.createDirectories(dir);
                Files.writeString(dir.resolve("kustomization.yaml"), """
                        apiVersion: kustomize.config.k8s.io/v1beta1
                        kind: Kustomization
                        resources:
                          - ../../../../%s
                        components:
                          - ../../../../k8s/components/%s
                        """.formatted(overlay(region), component));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return render(dir, key);
        });
    }

    private static Rendered render(Path dir, String target) {
        try {
            return new Rendered(target, TypedManifests.parse(Kustomize.render(dir)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
