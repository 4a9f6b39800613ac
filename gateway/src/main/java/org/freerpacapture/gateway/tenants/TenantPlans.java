package org.freerpacapture.gateway.tenants;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.freerpacapture.inference.ppocr.runtime.Shares;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What each tenant may use, from {@code GATEWAY_TENANTS_FILE}: its weight in the local engine, its rates, its page
 * quotas and its cloud budget. Tenants the file does not name get {@code defaults}. Format and examples:
 * {@code docs/tenants.md}.
 *
 * @param defaults the plan of every tenant not named
 * @param tenants  tenant id to its plan
 */
public record TenantPlans(Plan defaults, Map<String, Plan> tenants) {

    /** Every tenant alike, unlimited, weight 1: the embedded default. */
    public static final TenantPlans NONE = new TenantPlans(Plan.UNLIMITED, Map.of());

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    public TenantPlans {
        defaults = defaults == null ? Plan.UNLIMITED : defaults;
        tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
        tenants.forEach((id, plan) -> {
            if (id.isBlank() || plan == null) {
                throw new IllegalArgumentException("tenants: every entry needs an id and a plan");
            }
        });
    }

    /** The plan of {@code tenant}: its own, or the defaults. */
    public Plan plan(String tenant) {
        return tenants.getOrDefault(tenant, defaults);
    }

    /** Whether any tenant (or the defaults) has a limit beyond its weight. */
    public boolean limits() {
        return defaults.limited() || tenants.values().stream().anyMatch(Plan::limited);
    }

    /** Reads and checks a plans file; the message names the file and what to fix. */
    public static TenantPlans load(Path file) throws IOException {
        return parse(Files.readString(file), file.toString());
    }

    static TenantPlans parse(String json, String source) {
        try {
            return MAPPER.readValue(json, TenantPlans.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    /**
     * One tenant's allowance. Every limit is optional (null: none).
     *
     * @param weight              its share of the local engine against the other tenants' weights (1 to 1000)
     * @param requestsPerSecond   token bucket on the tenant's requests
     * @param pagesPerSecond      token bucket on the tenant's pages
     * @param perKey              token buckets each API key or token subject of the tenant gets on its own
     * @param pagesPerDay         pages a UTC day
     * @param pagesPerMonth       pages a UTC calendar month
     * @param cloudBudgetPerMonth estimated cloud spend a UTC calendar month, in US dollars
     */
    @JsonIgnoreProperties(value = {"limited"}, allowGetters = true)
    public record Plan(Integer weight, Rate requestsPerSecond, Rate pagesPerSecond, KeyRates perKey,
                       Long pagesPerDay, Long pagesPerMonth, Double cloudBudgetPerMonth) {

        public static final Plan UNLIMITED = new Plan(1, null, null, null, null, null, null);

        public Plan {
            weight = weight == null ? 1 : weight;
            if (weight < 1 || weight > 1000) {
                throw new IllegalArgumentException("weight must lie between 1 and 1000, got " + weight);
            }
            perKey = perKey == null ? KeyRates.NONE : perKey;
            positive("pagesPerDay", pagesPerDay);
            positive("pagesPerMonth", pagesPerMonth);
            if (cloudBudgetPerMonth != null && !(cloudBudgetPerMonth >= 0 && cloudBudgetPerMonth < 1e12)) {
                throw new IllegalArgumentException("cloudBudgetPerMonth must be a number of dollars ≥ 0, got "
                        + cloudBudgetPerMonth);
            }
        }

        /** Whether anything beyond the weight limits this tenant. */
        public boolean limited() {
            return requestsPerSecond != null || pagesPerSecond != null || perKey.limited() || pagesPerDay != null
                    || pagesPerMonth != null || cloudBudgetPerMonth != null;
        }

        private static void positive(String name, Long value) {
            if (value != null && value < 0) {
                throw new IllegalArgumentException(name + " must be ≥ 0, got " + value);
            }
        }
    }

    /** The buckets each key (or token subject) of a tenant gets, beside the tenant's own. */
    @JsonIgnoreProperties(value = {"limited"}, allowGetters = true)
    public record KeyRates(Rate requestsPerSecond, Rate pagesPerSecond) {

        public static final KeyRates NONE = new KeyRates(null, null);

        public boolean limited() {
            return requestsPerSecond != null || pagesPerSecond != null;
        }
    }

    /**
     * A token bucket: {@code rate} tokens a second, holding at most {@code burst}.
     *
     * @param rate  sustained tokens a second, more than 0
     * @param burst most tokens held at once, at least 1; defaults to {@code rate} (one second's worth)
     */
    public record Rate(@JsonProperty("rate") double rate, @JsonProperty("burst") Double burst) {

        public Rate {
            if (!(rate > 0 && rate < 1e9)) {
                throw new IllegalArgumentException("rate must be more than 0 a second, got " + rate);
            }
            burst = burst == null ? Math.max(1, rate) : burst;
            if (!(burst >= 1 && burst < 1e12)) {
                throw new IllegalArgumentException("burst must be at least 1, got " + burst);
            }
        }
    }

    /** The weights the local engine shares its queue by. */
    public Shares shares() {
        return new Shares(weights(), defaults.weight());
    }

    /** The weights of the named tenants, for logs and {@link #shares()}. */
    public Map<String, Integer> weights() {
        Map<String, Integer> out = new LinkedHashMap<>();
        tenants.forEach((id, plan) -> out.put(id, plan.weight()));
        return out;
    }
}
