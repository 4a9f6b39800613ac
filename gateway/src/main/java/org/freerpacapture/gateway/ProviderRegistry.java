package org.freerpacapture.gateway;

import io.vertx.core.Vertx;
import org.freerpacapture.adapters.ProviderFactory;
import org.freerpacapture.adapters.ProviderSafety;
import org.freerpacapture.gateway.execute.PolicySnapshot;
import org.freerpacapture.gateway.execute.TestProvider;
import org.freerpacapture.gateway.routing.Residency.Destination;
import org.freerpacapture.gateway.routing.RoutingPolicy;
import org.freerpacapture.gateway.routing.RoutingPolicy.ProviderSpec;
import org.freerpacapture.gateway.routing.ValidationError;
import org.freerpacapture.inference.ppocr.repair.TextRepair;
import org.freerpacapture.ocr.OcrProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The provider instances behind a policy's provider ids. {@code onnx} entries name one of the local models
 * loaded at start; {@code test} entries are {@link TestProvider}s; every other kind is a cloud service built by
 * the {@link ProviderFactory} when a policy first names it. An instance is reused by later policies for as long
 * as its id and settings stay the same; one no policy names any more is closed after a grace period, so requests
 * still using it finish first.
 *
 * <p>Building reads secrets (files, environment) and so may block: call {@link #prepare} and {@link #snapshot}
 * from a worker thread.
 */
public final class ProviderRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderRegistry.class);

    private record Key(String id, ProviderSpec spec) {
    }

    /** An {@code onnx} entry's setting: how the local engine repairs documents' words ({@link TextRepair#NAMES}). */
    static final String TEXT_REPAIR = "textRepair";

    private final Vertx vertx;
    private final Map<String, OcrProvider> local;
    private final ProviderFactory cloud;
    private final Duration grace;
    private final Map<Key, OcrProvider> built = new HashMap<>();
    /** Known destinations, so a change that keeps a provider judges it as it was built, without reading again. */
    private final Map<Key, Destination> destinations = new HashMap<>();

    /**
     * @param local the loaded local models by their policy name ({@code ppocr-v4}); never closed here
     * @param grace how long a provider no policy names stays open for requests already using it
     */
    public ProviderRegistry(Vertx vertx, Map<String, OcrProvider> local, ProviderFactory cloud, Duration grace) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.local = Map.copyOf(local);
        this.cloud = Objects.requireNonNull(cloud, "cloud");
        this.grace = grace;
    }

    /**
     * Builds every provider the policy names that is not built yet, so a policy naming one this gateway cannot
     * make is refused before it is put in force.
     *
     * @return one error per provider that cannot be made, at {@code /providers/<id>}; empty when all can
     */
    public synchronized List<ValidationError> prepare(RoutingPolicy policy) {
        List<ValidationError> errors = new ArrayList<>();
        Set<String> routed = routedProviders(policy);
        policy.providers().forEach((id, spec) -> {
            String at = "/providers/" + ValidationError.token(id);
            List<ProviderSafety.Problem> refused = isCloud(spec) ? cloud.check(spec.config()) : List.of();
            if (!refused.isEmpty()) {
                // Refused before anything is built: no secret is read, no endpoint called.
                refused.forEach(p -> errors.add(new ValidationError(at + "/" + p.key(), p.message())));
                return;
            }
            try {
                instance(id, spec);
                if (spec.kind().equals("onnx") && routed.contains(id) && localModel(id, spec) instanceof LocalModel m) {
                    m.loaded(true); // a local model loads when a policy first routes to it
                }
            } catch (RuntimeException e) {
                errors.add(new ValidationError(at, e.getMessage()));
            }
        });
        return errors;
    }

    /**
     * The policy with its provider instances. A provider that cannot be made is left out (and logged): requests
     * routed to it fail over to their fallback, as for any unavailable provider.
     */
    public synchronized PolicySnapshot snapshot(RoutingPolicy policy) {
        Map<String, OcrProvider> providers = new LinkedHashMap<>();
        policy.providers().forEach((id, spec) -> {
            try {
                providers.put(id, instance(id, spec));
            } catch (RuntimeException e) {
                LOG.error("provider {} ({}) cannot be made: {}", id, spec.kind(), e.getMessage());
            }
        });
        return new PolicySnapshot(policy, providers);
    }

    /**
     * Where the provider {@code id} sends the documents it reads: {@code onnx} and {@code test} read inside the
     * replica; a cloud kind sends them to its endpoint's host, found as its adapter finds it (reading a referenced
     * file: not on an event loop).
     */
    public synchronized Destination destination(String id, ProviderSpec spec) {
        if (spec == null) {
            return new Destination.Unknown("no such provider");
        }
        if (!isCloud(spec)) {
            return new Destination.InReplica();
        }
        Key key = new Key(id, spec);
        Destination known = destinations.get(key);
        if (known != null) {
            return known;
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("kind", spec.kind());
        entry.putAll(spec.config());
        Destination found;
        try {
            found = cloud.destination(id, entry).<Destination>map(uri -> uri.getHost() == null
                            ? new Destination.Unknown("its endpoint names no host")
                            : new Destination.Host(uri.getHost()))
                    .orElseGet(() -> new Destination.Unknown("kind " + spec.kind() + " does not say where it sends "
                            + "documents"));
        } catch (RuntimeException e) {
            return new Destination.Unknown(e.getMessage()); // not kept: a reference may resolve next time
        }
        destinations.put(key, found);
        return found;
    }

    /** Closes, after the grace period, every built provider that {@code current} no longer names as it is. */
    public synchronized void retire(RoutingPolicy current) {
        destinations.keySet().removeIf(k -> !k.spec().equals(current.providers().get(k.id())));
        List<OcrProvider> unused = new ArrayList<>();
        built.entrySet().removeIf(e -> {
            boolean named = e.getKey().spec().equals(current.providers().get(e.getKey().id()));
            if (!named) {
                unused.add(e.getValue());
            }
            return !named;
        });
        if (unused.isEmpty()) {
            return;
        }
        vertx.setTimer(Math.max(1, grace.toMillis()), t -> vertx.executeBlocking(() -> {
            unused.forEach(ProviderRegistry::closeQuietly);
            return null;
        }, false));
    }

    /**
     * The provider ids the policy's routes can send a request to: variants, shadows, cascade escalations and
     * fallbacks. A provider only declared under {@code providers} is not among them.
     */
    public static Set<String> routedProviders(RoutingPolicy policy) {
        Set<String> ids = new TreeSet<>();
        for (RoutingPolicy.Route route : policy.routes()) {
            route.variants().forEach(v -> ids.add(v.provider()));
            if (route.shadow() != null) {
                ids.add(route.shadow().provider());
            }
            if (route.cascade() != null) {
                ids.add(route.cascade().escalateTo());
            }
            if (route.fallback() != null) {
                ids.addAll(route.fallback());
            }
        }
        return ids;
    }

    /** The local model names this gateway can serve (loaded now or on first use). */
    public Set<String> localModels() {
        return new TreeSet<>(local.keySet());
    }

    @Override
    public synchronized void close() {
        built.values().forEach(ProviderRegistry::closeQuietly);
        built.clear();
    }

    private OcrProvider instance(String id, ProviderSpec spec) {
        OcrProvider model = spec.kind().equals("onnx") ? localModel(id, spec) : null;
        if (model != null && spec.string(TEXT_REPAIR).isEmpty()) {
            return model;
        }
        Key key = new Key(id, spec);
        OcrProvider existing = built.get(key);
        if (existing != null) {
            return existing;
        }
        OcrProvider made;
        if (model != null) {
            made = withTextRepair(id, model, spec.string(TEXT_REPAIR).orElseThrow());
        } else if (spec.kind().equals(TestProvider.KIND)) {
            made = TestProvider.fromConfig(id, spec.config());
        } else {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("kind", spec.kind());
            entry.putAll(spec.config());
            made = cloud.create(id, entry);
        }
        built.put(key, made);
        LOG.info("provider {} ({}) ready", id, spec.kind());
        return made;
    }

    private static boolean isCloud(ProviderSpec spec) {
        return !spec.kind().equals("onnx") && !spec.kind().equals(TestProvider.KIND);
    }

    /** The local model an {@code onnx} entry names by {@code model}. */
    private OcrProvider localModel(String id, ProviderSpec spec) {
        String name = spec.string("model").orElse("");
        OcrProvider model = local.get(name);
        if (model == null) {
            throw new IllegalArgumentException("provider " + id + ": no local model '" + name
                    + "' is loaded (loaded: " + String.join(", ", localModels()) + ")");
        }
        return model;
    }

    /** The local model with the word repair an {@code onnx} entry's {@code textRepair} names. */
    private static OcrProvider withTextRepair(String id, OcrProvider model, String repair) {
        TextRepair chosen;
        try {
            chosen = TextRepair.named(repair);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("provider " + id + ": " + e.getMessage(), e);
        }
        if (!(model instanceof LocalModel local)) {
            throw new IllegalArgumentException("provider " + id + ": textRepair applies to the local engine only");
        }
        return local.withTextRepair(chosen);
    }

    private static void closeQuietly(OcrProvider provider) {
        try {
            provider.close();
        } catch (RuntimeException e) {
            LOG.warn("closing provider {} failed: {}", provider.id(), e.toString());
        }
    }
}
