package org.freerpacapture.gateway.observability;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one page costs at each provider, in US dollars, for {@code gateway_estimated_cost_usd_total}. Providers not
 * named cost nothing, which is right for the local engine and shows as 0 (not as missing) for a cloud provider
 * nobody priced.
 *
 * @param perPageUsd provider id to dollars per page
 */
public record ProviderPrices(Map<String, Double> perPageUsd) {

    /** The environment variable that sets the prices. */
    public static final String ENV = "GATEWAY_PRICES_PER_PAGE";

    public static final ProviderPrices NONE = new ProviderPrices(Map.of());

    public ProviderPrices {
        perPageUsd = Map.copyOf(perPageUsd);
        perPageUsd.forEach((id, price) -> {
            if (!(price >= 0) || price.isInfinite()) {
                throw new IllegalArgumentException(ENV + ": the price of " + id + " must be a number ≥ 0");
            }
        });
    }

    /**
     * Reads {@code textract:eu=0.0015,azure-di:westeurope=0.0015}: provider id, {@code =}, dollars per page,
     * comma-separated. Blank or null means no prices.
     */
    public static ProviderPrices parse(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        Map<String, Double> prices = new LinkedHashMap<>();
        for (String entry : text.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.lastIndexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new IllegalArgumentException(ENV + ": expected provider=price, got '" + entry.trim() + "'");
            }
            String id = entry.substring(0, eq).trim();
            String value = entry.substring(eq + 1).trim();
            try {
                prices.put(id, Double.parseDouble(value));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(ENV + ": the price of " + id + " is not a number: '" + value
                        + "'");
            }
        }
        return new ProviderPrices(prices);
    }

    public double perPage(String providerId) {
        return perPageUsd.getOrDefault(providerId, 0.0);
    }
}
