package dev.switchboard.ai;

import dev.switchboard.platform.secrets.SecretBox;
import dev.switchboard.tenancy.Timestamps;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;

/**
 * An organization's AI assist settings, the key decrypted: off until an admin turns it on with a provider, a model
 * and a key; which features may run; the monthly token budget (null: unlimited); for an OpenAI-compatible server of
 * its own, the base URL. Version 0 means nothing was ever set.
 */
public record AiSettings(boolean enabled, String provider, String model, String apiKey, String baseUrl, List<String> features,
                         Long monthlyTokenBudget, int version, OffsetDateTime updatedAt) {

    public static final String SUMMARY = "summary";
    public static final String REPLY_DRAFT = "reply_draft";
    public static final String CLASSIFICATION = "classification";
    public static final String TASK_FROM_TEXT = "task_from_text";
    public static final String NOTE_SUMMARY = "note_summary";
    public static final Set<String> FEATURES = Set.of(SUMMARY, REPLY_DRAFT, CLASSIFICATION, TASK_FROM_TEXT, NOTE_SUMMARY);

    static final AiSettings OFF = new AiSettings(false, null, null, null, null, List.of(), null, 0, null);

    /** Whether {@code feature} may run now. */
    public boolean allows(String feature) {
        return enabled && features.contains(feature);
    }

    AiSettings with(boolean enabled, String provider, String model, String apiKey, String baseUrl, List<String> features,
                    Long budget) {
        return new AiSettings(enabled, provider, model, apiKey, baseUrl, List.copyOf(features), budget, version, updatedAt);
    }

    /** The API view: the key masked ({@code ••••abcd}) or null; {@code usedTokens} this calendar month (UTC). */
    JsonObject toJson(long usedTokens) {
        return new JsonObject()
                .put("enabled", enabled)
                .put("provider", provider)
                .put("model", model)
                .put("apiKey", SecretBox.mask(apiKey))
                .put("baseUrl", baseUrl)
                .put("features", new JsonArray(features.stream().sorted().toList()))
                .put("monthlyTokenBudget", monthlyTokenBudget)
                .put("tokensUsedThisMonth", usedTokens)
                .put("version", version)
                .put("updatedAt", updatedAt == null ? null : Timestamps.format(updatedAt));
    }

    /**
     * The audit view: everything but the key, of which only whether one is set ({@code keyConfigured}; the audit log
     * redacts fields named like keys or tokens, so these names avoid that).
     */
    JsonObject auditView() {
        return new JsonObject()
                .put("enabled", enabled)
                .put("provider", provider)
                .put("model", model)
                .put("keyConfigured", apiKey != null)
                .put("baseUrl", baseUrl)
                .put("features", new JsonArray(features.stream().sorted().toList()))
                .put("monthlyBudget", monthlyTokenBudget);
    }
}
