package dev.switchboard.tenancy;

import io.vertx.core.json.JsonObject;

/**
 * An organization's request budget: at most {@code userRequests} per {@code userWindowSeconds} for each user or
 * API key, and {@code organizationRequests} per {@code organizationWindowSeconds} for all of them together, each
 * counted over a sliding window (never more than the quota within any span of the window). A null value
 * means the server's default.
 */
public record RequestBudgetSettings(Integer userRequests, Integer userWindowSeconds, Integer organizationRequests,
                                    Integer organizationWindowSeconds) {

    public static final RequestBudgetSettings DEFAULTS = new RequestBudgetSettings(null, null, null, null);

    static RequestBudgetSettings fromJson(JsonObject json) {
        if (json == null) {
            return DEFAULTS;
        }
        return new RequestBudgetSettings(json.getInteger("userRequests"), json.getInteger("userWindowSeconds"),
                json.getInteger("organizationRequests"), json.getInteger("organizationWindowSeconds"));
    }

    /** These values, with {@code defaults} wherever a value is unset. */
    public RequestBudgetSettings orElse(RequestBudgetSettings defaults) {
        return new RequestBudgetSettings(
                userRequests != null ? userRequests : defaults.userRequests,
                userWindowSeconds != null ? userWindowSeconds : defaults.userWindowSeconds,
                organizationRequests != null ? organizationRequests : defaults.organizationRequests,
                organizationWindowSeconds != null ? organizationWindowSeconds : defaults.organizationWindowSeconds);
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("userRequests", userRequests)
                .put("userWindowSeconds", userWindowSeconds)
                .put("organizationRequests", organizationRequests)
                .put("organizationWindowSeconds", organizationWindowSeconds);
    }
}
