package org.freerpacapture.gateway.routing;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a guard window: a positive whole number followed by {@code s}, {@code m} or {@code h}. The admin API
 * reads its {@code /admin/stats?window=} the same way.
 */
public final class GuardWindow {

    /** The shortest window: one statistics bucket. */
    public static final Duration MIN = VariantStats.BUCKET;
    /** The longest window: what {@link VariantStats} keeps. */
    public static final Duration MAX = VariantStats.HORIZON;

    private static final Pattern FORM = Pattern.compile("([1-9][0-9]{0,6})([smh])");

    private GuardWindow() {
    }

    public static Optional<Duration> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        return Optional.of(switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        });
    }
}
