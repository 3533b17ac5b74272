package dev.switchboard.ai;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.UUID;

/**
 * One call to a model as the audit log and the budget see it: the feature and prompt template version, where it went,
 * the tokens counted, how long it took and how it ended ({@code succeeded}, {@code rejected}: the answer broke its
 * schema, {@code rate_limited}, {@code unavailable}, {@code refused}).
 */
record AiCall(UUID id, String feature, String promptVersion, String provider, String model, int inputTokens, int outputTokens,
              long latencyMs, String outcome, UUID userId) {

    static final String SUCCEEDED = "succeeded";
    static final String REJECTED = "rejected";

    BigDecimal estimatedCost() {
        return Pricing.estimate(model, inputTokens, outputTokens);
    }

    AiCall withOutcome(String outcome) {
        return new AiCall(id, feature, promptVersion, provider, model, inputTokens, outputTokens, latencyMs, outcome, userId);
    }

    /** The audit view. Token counts sit under {@code usage}: the audit log redacts any field named like a token. */
    JsonObject auditView() {
        BigDecimal cost = estimatedCost();
        return new JsonObject()
                .put("feature", feature)
                .put("promptVersion", promptVersion)
                .put("provider", provider)
                .put("model", model)
                .put("usage", new JsonObject().put("input", inputTokens).put("output", outputTokens))
                .put("latencyMs", latencyMs)
                .put("outcome", outcome)
                .put("estimatedCostUsd", cost == null ? null : cost.toPlainString());
    }
}
