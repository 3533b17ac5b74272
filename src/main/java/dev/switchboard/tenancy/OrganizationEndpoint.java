package dev.switchboard.tenancy;

import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.platform.http.ExpectedVersion;
import dev.switchboard.platform.http.Requests;
import dev.switchboard.platform.http.Responses;
import dev.switchboard.platform.http.Validator;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** {@code /api/v1/organization}: the caller's organization and its settings. */
public final class OrganizationEndpoint implements Endpoint {

    /** A BCP 47 language tag as people write it: {@code en}, {@code de-AT}, {@code pt-BR}, {@code zh-Hant}. */
    private static final Pattern LANGUAGE = Pattern.compile("^[a-z]{2,3}(-[A-Za-z]{4})?(-([A-Z]{2}|[0-9]{3}))?$");
    private static final Pattern DOMAIN = Pattern.compile("^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$");
    private static final int MAX_DOMAINS = 50;
    private static final Set<String> BUDGET_FIELDS = Set.of("userRequests", "userWindowSeconds", "organizationRequests",
            "organizationWindowSeconds");
    private static final int MAX_WINDOW_SECONDS = 3600;
    private static final int MAX_REQUESTS = 10_000_000;

    private final OrganizationService organizations;
    private final ApiRoutes routes;

    public OrganizationEndpoint(OrganizationService organizations, ApiRoutes routes) {
        this.organizations = organizations;
        this.routes = routes;
    }

    @Override
    public void addRoutes(Router router) {
        routes.get(router, "/api/v1/organization", this::get);
        routes.patch(router, "/api/v1/organization", this::update);
    }

    @Override
    public String openApiFragment() {
        return "openapi/organization.json";
    }

    private void get(RoutingContext ctx) {
        reply(ctx, organizations.get(Principal.of(ctx)));
    }

    private void update(RoutingContext ctx) {
        JsonObject body = Requests.jsonBody(ctx);
        Validator v = new Validator(body);
        String name = v.optionalString("name", 200);
        String timezone = v.optionalString("timezone", 64);
        if (timezone != null && !TimeZones.isIana(timezone)) {
            v.fail("timezone", TimeZones.MESSAGE);
        }
        String language = v.optionalString("defaultLanguage", 35);
        if (language != null && !LANGUAGE.matcher(language).matches()) {
            v.fail("defaultLanguage", "must be a language tag such as en, de or pt-BR");
        }
        Boolean selfRegistration = body.getValue("selfRegistration") == null ? null : v.optionalBoolean("selfRegistration", false);
        String role = body.getValue("selfRegistrationRole") == null ? null
                : v.oneOf("selfRegistrationRole", Set.of(Role.AGENT.wire(), Role.VIEWER.wire()));
        List<String> domains = body.containsKey("allowedEmailDomains") ? domains(v, body.getValue("allowedEmailDomains")) : null;
        Map<String, Integer> budget = budget(v, body.getValue("requestBudget"));
        IdentitySettings.Patch identity = identity(v, body);
        v.check();
        ExpectedVersion expected = ExpectedVersion.of(ctx, body);
        OrganizationPatch patch = new OrganizationPatch(name, timezone, language, selfRegistration,
                role == null ? null : Role.fromWire(role), domains, budget, identity);
        reply(ctx, organizations.update(Principal.of(ctx), patch, expected));
    }

    private static IdentitySettings.Patch identity(Validator v, JsonObject body) {
        Boolean enforced = body.getValue("ssoEnforced") == null ? null : v.optionalBoolean("ssoEnforced", false);
        Boolean justInTime = body.getValue("ssoJustInTime") == null ? null : v.optionalBoolean("ssoJustInTime", false);
        String role = body.getValue("provisionedRole") == null ? null
                : v.oneOf("provisionedRole", Set.of(Role.AGENT.wire(), Role.VIEWER.wire()));
        boolean clears = body.containsKey("ssoBreakGlassUserId") && body.getValue("ssoBreakGlassUserId") == null;
        java.util.UUID breakGlass = null;
        if (body.getValue("ssoBreakGlassUserId") != null) {
            breakGlass = body.getValue("ssoBreakGlassUserId") instanceof String s ? dev.switchboard.platform.db.Ids.parse(s) : null;
            if (breakGlass == null) {
                v.fail("ssoBreakGlassUserId", "must be the id of one of the organization's admins, or null");
            }
        }
        return new IdentitySettings.Patch(enforced, justInTime, role == null ? null : Role.fromWire(role), breakGlass, clears);
    }

    private static List<String> domains(Validator v, Object value) {
        if (!(value instanceof JsonArray array)) {
            v.fail("allowedEmailDomains", "must be an array of domain names");
            return null;
        }
        if (array.size() > MAX_DOMAINS) {
            v.fail("allowedEmailDomains", "must list at most " + MAX_DOMAINS + " domains");
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String domain = array.getValue(i) instanceof String s ? s.trim().toLowerCase(Locale.ROOT) : null;
            if (domain == null || !DOMAIN.matcher(domain).matches()) {
                v.fail("allowedEmailDomains", "item " + i + " must be a domain name such as acme.com");
            } else if (!out.contains(domain)) {
                out.add(domain);
            }
        }
        return out;
    }

    /** The budget fields the request names (null: back to the server's default). */
    private static Map<String, Integer> budget(Validator v, Object value) {
        Map<String, Integer> out = new HashMap<>();
        if (value == null) {
            return out;
        }
        if (!(value instanceof JsonObject json)) {
            v.fail("requestBudget", "must be an object");
            return out;
        }
        for (String field : json.fieldNames()) {
            Object given = json.getValue(field);
            String name = "requestBudget." + field;
            if (!BUDGET_FIELDS.contains(field)) {
                v.fail(name, "is not a budget setting");
                continue;
            }
            if (given == null) {
                out.put(field, null);
                continue;
            }
            int max = field.endsWith("WindowSeconds") ? MAX_WINDOW_SECONDS : MAX_REQUESTS;
            if (!(given instanceof Integer n) || n < 1 || n > max) {
                v.fail(name, "must be an integer from 1 to " + max + ", or null for the server's default");
                continue;
            }
            out.put(field, n);
        }
        return out;
    }

    private void reply(RoutingContext ctx, Future<OrganizationSettings> result) {
        Responses.then(ctx, result, org -> Responses.okVersioned(ctx, org.toJson(organizations.effectiveBudget(org)), org.version()));
    }
}
