package org.freerpacapture.adapters;

import io.opentelemetry.api.OpenTelemetry;
import io.vertx.core.Vertx;
import org.freerpacapture.adapters.azure.AzureDiProvider;
import org.freerpacapture.adapters.documentai.DocumentAiProvider;
import org.freerpacapture.adapters.resilience.ResilienceOptions;
import org.freerpacapture.adapters.resilience.ResilientProvider;
import org.freerpacapture.adapters.textract.TextractProvider;
import org.freerpacapture.ocr.OcrProvider;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Builds a cloud provider from its routing-policy entry: the entry's {@code kind} picks the adapter, the adapter
 * reads its own keys, and the result is always wrapped in a {@link ResilientProvider} configured from the same
 * entry ({@link ResilienceOptions#from}). The local engine ({@code onnx}) is not built here. Every entry is held to
 * the factory's {@link ProviderSafety} (by default {@link ProviderSafety#defaults()}): refused settings stop the
 * build before any secret is read.
 *
 * <h2>Adding a provider kind</h2>
 * Add one {@code put} to {@code builtIn}: the kind as written in the policy, and a method
 * {@code static OcrProvider create(Vertx vertx, ProviderConfig config)} that returns the <em>raw</em> adapter
 * (one attempt per call, failures as {@code ProviderCallException}; see {@link ResilientProvider}); an adapter whose
 * client Vert.x does not trace takes the factory's {@link OpenTelemetry} too, as Textract's does.
 * Tests and embedders can add kinds without touching this class with {@link #with(String, AdapterFactory)}.
 */
public final class ProviderFactory {

    /** Makes the raw adapter of one kind from its policy entry. */
    @FunctionalInterface
    public interface AdapterFactory {
        OcrProvider create(Vertx vertx, ProviderConfig config);
    }

    /**
     * Kind → where its adapter sends documents, for the built-in kinds: the same keys the adapter reads, so the two
     * cannot disagree. A kind added with {@link #with} has none: where it sends documents cannot be told.
     */
    private static final Map<String, Function<ProviderConfig, URI>> DESTINATIONS = Map.of(
            AzureDiProvider.KIND, AzureDiProvider::destination,
            TextractProvider.KIND, TextractProvider::destination,
            DocumentAiProvider.KIND, DocumentAiProvider::destination);

    /**
     * Kind → adapter, for every cloud service this build knows; one {@code put} per service, the order does not
     * matter. Azure and Document AI call through Vert.x's web client, which Vert.x traces; Textract makes its own
     * span per call (named after the operation) through {@code openTelemetry}.
     */
    private static Map<String, AdapterFactory> builtIn(OpenTelemetry openTelemetry) {
        Map<String, AdapterFactory> kinds = new LinkedHashMap<>();
        kinds.put(AzureDiProvider.KIND, AzureDiProvider::create);
        kinds.put(TextractProvider.KIND, (vertx, config) -> TextractProvider.create(vertx, config, openTelemetry));
        kinds.put(DocumentAiProvider.KIND, DocumentAiProvider::create);
        return Map.copyOf(kinds);
    }

    private final Vertx vertx;
    private final Map<String, AdapterFactory> adapters;
    private final Map<String, Function<ProviderConfig, URI>> destinations;
    private final ProviderSafety safety;

    /** A factory for the built-in kinds, whose adapters run on {@code vertx}; Textract's calls untraced. */
    public ProviderFactory(Vertx vertx) {
        this(vertx, OpenTelemetry.noop());
    }

    /**
     * A factory for the built-in kinds, whose adapters run on {@code vertx} and trace the calls Vert.x does not
     * trace (Textract's) through {@code openTelemetry}.
     */
    public ProviderFactory(Vertx vertx, OpenTelemetry openTelemetry) {
        this(vertx, builtIn(Objects.requireNonNull(openTelemetry, "openTelemetry")), DESTINATIONS,
                ProviderSafety.defaults());
    }

    /**
     * A factory for {@code adapters}, holding entries to {@link ProviderSafety#defaults()}; where their providers
     * send documents is not known to it.
     */
    public ProviderFactory(Vertx vertx, Map<String, AdapterFactory> adapters) {
        this(vertx, adapters, Map.of(), ProviderSafety.defaults());
    }

    private ProviderFactory(Vertx vertx, Map<String, AdapterFactory> adapters,
                            Map<String, Function<ProviderConfig, URI>> destinations, ProviderSafety safety) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.adapters = Map.copyOf(adapters);
        this.destinations = Map.copyOf(destinations);
        this.safety = Objects.requireNonNull(safety, "safety");
    }

    /**
     * A copy that also knows {@code kind} (replacing a built-in of the same name, whose destination it then no
     * longer knows).
     */
    public ProviderFactory with(String kind, AdapterFactory adapter) {
        Map<String, AdapterFactory> more = new LinkedHashMap<>(adapters);
        more.put(kind, adapter);
        Map<String, Function<ProviderConfig, URI>> known = new LinkedHashMap<>(destinations);
        known.remove(kind);
        return new ProviderFactory(vertx, more, known, safety);
    }

    /** A copy that holds every entry to {@code rules}: the references and endpoints the operator allows. */
    public ProviderFactory withSafety(ProviderSafety rules) {
        return new ProviderFactory(vertx, adapters, destinations, rules);
    }

    public ProviderSafety safety() {
        return safety;
    }

    /**
     * The settings of a policy entry this factory refuses to follow (see {@link ProviderSafety#check}), found
     * without reading any secret; empty when there are none.
     */
    public java.util.List<ProviderSafety.Problem> check(Map<String, ?> entry) {
        return safety.check(entry);
    }

    /**
     * Where the provider this entry builds would send documents, without building it: empty for a kind whose
     * destination this factory does not know. Endpoint references are resolved (a file is read: not on an event
     * loop), and held to {@link #safety()} as when building.
     *
     * @throws IllegalArgumentException for a refused setting or an invalid entry
     * @throws IllegalStateException    when an endpoint reference cannot be resolved
     */
    public Optional<URI> destination(String id, Map<String, ?> entry) {
        ProviderConfig held = ProviderConfig.of(id, entry).withSafety(safety);
        Function<ProviderConfig, URI> of = destinations.get(held.kind());
        if (of == null) {
            return Optional.empty();
        }
        safety.check(held.values()).stream().findFirst().ifPresent(p -> {
            throw new IllegalArgumentException("provider " + id + ": '" + p.key() + "' " + p.message());
        });
        return Optional.of(of.apply(held));
    }

    public boolean supports(String kind) {
        return adapters.containsKey(kind);
    }

    public Set<String> kinds() {
        return adapters.keySet();
    }

    /**
     * Builds the provider named {@code id} from its policy entry (which holds {@code kind}).
     *
     * @throws IllegalArgumentException for an unknown kind or invalid settings; the message names keys, not values
     * @throws IllegalStateException    when a referenced secret cannot be resolved
     */
    public ResilientProvider create(String id, Map<String, ?> entry) {
        return create(ProviderConfig.of(id, entry));
    }

    public ResilientProvider create(ProviderConfig config) {
        String kind = config.kind();
        AdapterFactory adapter = adapters.get(kind);
        if (adapter == null) {
            throw new IllegalArgumentException("provider " + config.id() + ": unknown kind '" + kind
                    + "', known: " + new java.util.TreeSet<>(adapters.keySet()));
        }
        ProviderConfig held = config.withSafety(safety);
        safety.check(held.values()).stream().findFirst().ifPresent(p -> {
            throw new IllegalArgumentException("provider " + config.id() + ": '" + p.key() + "' " + p.message());
        });
        ResilienceOptions options = ResilienceOptions.from(held);
        return new ResilientProvider(vertx, adapter.create(vertx, held), options);
    }
}
