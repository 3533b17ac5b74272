package dev.switchboard.ai;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;

/**
 * List prices in US dollars per million input and output tokens, by model name prefix (most specific first), for the
 * estimated cost each call's audit entry carries. A model not listed (a local one, say) has no estimate.
 */
final class Pricing {

    private record Price(String prefix, String input, String output) {
    }

    private static final List<Price> PRICES = List.of(
            new Price("claude-opus", "15", "75"),
            new Price("claude-3-opus", "15", "75"),
            new Price("claude-sonnet", "3", "15"),
            new Price("claude-3-7-sonnet", "3", "15"),
            new Price("claude-3-5-sonnet", "3", "15"),
            new Price("claude-3-5-haiku", "0.8", "4"),
            new Price("claude-haiku", "1", "5"),
            new Price("claude-3-haiku", "0.25", "1.25"),
            new Price("gpt-4o-mini", "0.15", "0.6"),
            new Price("gpt-4o", "2.5", "10"),
            new Price("gpt-4.1-nano", "0.1", "0.4"),
            new Price("gpt-4.1-mini", "0.4", "1.6"),
            new Price("gpt-4.1", "2", "8"));

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    private Pricing() {
    }

    /** The estimated cost of a call in US dollars, or null when the model's price is unknown. */
    static BigDecimal estimate(String model, int inputTokens, int outputTokens) {
        String name = model == null ? "" : model.toLowerCase(Locale.ROOT);
        for (Price p : PRICES) {
            if (name.startsWith(p.prefix())) {
                return new BigDecimal(p.input()).multiply(BigDecimal.valueOf(inputTokens))
                        .add(new BigDecimal(p.output()).multiply(BigDecimal.valueOf(outputTokens)))
                        .divide(MILLION, 6, RoundingMode.HALF_UP);
            }
        }
        return null;
    }
}
