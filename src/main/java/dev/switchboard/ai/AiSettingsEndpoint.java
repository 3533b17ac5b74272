package dev.switchboard.ai;

import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.platform.http.ExpectedVersion;
import dev.switchboard.platform.http.Requests;
import dev.switchboard.platform.http.Responses;
import dev.switchboard.platform.http.Validator;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@code /api/v1/ai/settings}: the organization's AI provider, model, key (write-only), features and token budget. */
public final class AiSettingsEndpoint implements Endpoint {

    static final int MAX_KEY_LENGTH = 1000;
    private static final Set<String> FIELDS = Set.of("enabled", "provider", "model", "apiKey", "baseUrl", "features",
            "monthlyTokenBudget");

    private final AiSettingsService settings;
    private final ApiRoutes routes;

    AiSettingsEndpoint(AiSettingsService settings, ApiRoutes routes) {
        this.settings = settings;
        this.routes = routes;
    }

    @Override
    public void addRoutes(Router router) {
        routes.get(router, "/api/v1/ai/settings", this::get);
        routes.patch(router, "/api/v1/ai/settings", this::update);
    }

    @Override
    public String openApiFragment() {
        return "openapi/ai-settings.json";
    }

    private void get(RoutingContext ctx) {
        Responses.then(ctx, settings.get(Principal.of(ctx)), json -> Responses.okVersioned(ctx, json, json.getInteger("version")));
    }

    private void update(RoutingContext ctx) {
        JsonObject body = Requests.jsonBody(ctx);
        Validator v = new Validator(body);
        Set<String> present = new HashSet<>(body.fieldNames());
        present.retainAll(FIELDS);
        Boolean enabled = present.contains("enabled") ? v.optionalBoolean("enabled", false) : null;
        String provider = body.getValue("provider") == null ? null : v.oneOf("provider", Providers.NAMES);
        String model = v.optionalString("model", 200);
        String apiKey = v.optionalString("apiKey", MAX_KEY_LENGTH);
        String baseUrl = v.optionalString("baseUrl", 2048);
        if (baseUrl != null && !httpUrl(baseUrl)) {
            v.fail("baseUrl", "must be an http or https URL");
        }
        List<String> features = v.stringList("features", AiSettings.FEATURES);
        Long budget = null;
        Object rawBudget = body.getValue("monthlyTokenBudget");
        if (rawBudget != null) {
            if (rawBudget instanceof Number n && n.longValue() >= 0 && n.doubleValue() == n.longValue()) {
                budget = n.longValue();
            } else {
                v.fail("monthlyTokenBudget", "must be a whole number of tokens, 0 or more");
            }
        }
        v.check();
        ExpectedVersion expected = ExpectedVersion.of(ctx, body);
        AiSettingsService.Patch patch = new AiSettingsService.Patch(present, enabled, provider, model, apiKey, baseUrl,
                List.copyOf(new java.util.TreeSet<>(features)), budget);
        Responses.then(ctx, settings.update(Principal.of(ctx), patch, expected),
                json -> Responses.okVersioned(ctx, json, json.getInteger("version")));
    }

    private static boolean httpUrl(String value) {
        try {
            URI uri = new URI(value);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
