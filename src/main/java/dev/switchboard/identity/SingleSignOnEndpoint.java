package dev.switchboard.identity;

import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.platform.http.ExpectedVersion;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.platform.http.RateLimiter;
import dev.switchboard.platform.http.RequestMeta;
import dev.switchboard.platform.http.Requests;
import dev.switchboard.platform.http.Responses;
import dev.switchboard.platform.http.Validator;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code /api/v1/auth/sso/*}: signing in through the organization's identity provider; and
 * {@code /api/v1/identity-providers}: the providers admins configure.
 */
public final class SingleSignOnEndpoint implements Endpoint {

    private static final Pattern DOMAIN = Pattern.compile("^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$");
    private static final int MAX_DOMAINS = 20;
    private static final int MAX_REDIRECTS = 10;

    private final SingleSignOn sso;
    private final IdentityProviders providers;
    private final ApiRoutes routes;
    private final RateLimiter limit;
    private final boolean trustForwardedFor;

    SingleSignOnEndpoint(SingleSignOn sso, IdentityProviders providers, ApiRoutes routes, RateLimiter limit, boolean trustForwardedFor) {
        this.sso = sso;
        this.providers = providers;
        this.routes = routes;
        this.limit = limit;
        this.trustForwardedFor = trustForwardedFor;
    }

    @Override
    public void addRoutes(Router router) {
        router.post("/api/v1/auth/sso/start").handler(this::start);
        router.post("/api/v1/auth/sso/callback").handler(this::callback);
        routes.get(router, "/api/v1/identity-providers", this::list);
        routes.post(router, "/api/v1/identity-providers", this::create);
        routes.get(router, "/api/v1/identity-providers/:id", this::get);
        routes.put(router, "/api/v1/identity-providers/:id", this::update);
        routes.delete(router, "/api/v1/identity-providers/:id", this::delete);
    }

    @Override
    public String openApiFragment() {
        return "openapi/single-sign-on.json";
    }

    private void start(RoutingContext ctx) {
        RequestMeta meta = Requests.meta(ctx, trustForwardedFor);
        Validator v = new Validator(Requests.jsonBody(ctx));
        String email = v.email("email");
        String redirectUri = v.requiredString("redirectUri", 2048);
        v.check();
        limit.acquire(meta.ip() + "|" + email);
        Responses.reply(ctx, sso.start(email, redirectUri), s -> new JsonObject().put("authorizationUrl", s.authorizationUrl())
                .put("state", s.state()).put("expiresIn", s.expiresIn()));
    }

    private void callback(RoutingContext ctx) {
        RequestMeta meta = Requests.meta(ctx, trustForwardedFor);
        Validator v = new Validator(Requests.jsonBody(ctx));
        String code = v.requiredString("code", 4096);
        String state = v.requiredString("state", 200);
        v.check();
        limit.acquire(meta.ip());
        Responses.reply(ctx, sso.finish(code, state, meta), dev.switchboard.auth.Session::toJson);
    }

    private void list(RoutingContext ctx) {
        Pages page = Pages.of(ctx);
        Responses.replyPage(ctx, providers.list(Principal.of(ctx), page), page, p -> p.toJson(providers.box()), IdentityProvider::id);
    }

    private void create(RoutingContext ctx) {
        IdentityProviders.Wanted wanted = wanted(Requests.jsonBody(ctx), true);
        Responses.replyCreated(ctx, providers.create(Principal.of(ctx), wanted), p -> p.toJson(providers.box()));
    }

    private void get(RoutingContext ctx) {
        Responses.replyVersioned(ctx, providers.get(Principal.of(ctx), id(ctx)), p -> p.toJson(providers.box()), IdentityProvider::version);
    }

    private void update(RoutingContext ctx) {
        JsonObject body = Requests.jsonBody(ctx);
        UUID id = id(ctx);
        IdentityProviders.Wanted wanted = wanted(body, false);
        Responses.replyVersioned(ctx, providers.update(Principal.of(ctx), id, wanted, ExpectedVersion.of(ctx, body)),
                p -> p.toJson(providers.box()), IdentityProvider::version);
    }

    private void delete(RoutingContext ctx) {
        Responses.replyNoContent(ctx, providers.delete(Principal.of(ctx), id(ctx)));
    }

    private static IdentityProviders.Wanted wanted(JsonObject body, boolean creating) {
        Validator v = new Validator(body);
        String name = v.requiredString("name", 200);
        String issuer = url(v, v.requiredString("issuer", 2048), "issuer");
        String clientId = v.requiredString("clientId", 512);
        String secret = v.optionalString("clientSecret", 2048);
        List<String> domains = list(v, body.getValue("domains"), "domains", MAX_DOMAINS);
        List<String> redirects = list(v, body.getValue("redirectUris"), "redirectUris", MAX_REDIRECTS);
        for (int i = 0; i < domains.size(); i++) {
            String d = domains.get(i).toLowerCase(Locale.ROOT);
            domains.set(i, d);
            if (!DOMAIN.matcher(d).matches()) {
                v.fail("domains", "item " + i + " must be a domain name such as acme.com");
            }
        }
        redirects.forEach(r -> url(v, r, "redirectUris"));
        boolean enabled = v.optionalBoolean("enabled", true);
        v.check();
        return new IdentityProviders.Wanted(name, issuer, clientId, secret, List.copyOf(domains.stream().distinct().toList()),
                List.copyOf(redirects.stream().distinct().toList()), enabled);
    }

    private static List<String> list(Validator v, Object value, String field, int max) {
        List<String> out = new ArrayList<>();
        if (!(value instanceof JsonArray array) || array.isEmpty() || array.size() > max) {
            v.fail(field, "must list 1 to " + max + " entries");
            return out;
        }
        for (int i = 0; i < array.size(); i++) {
            if (array.getValue(i) instanceof String s && !s.isBlank() && s.length() <= 2048) {
                out.add(s.trim());
            } else {
                v.fail(field, "item " + i + " must be a non-empty string");
            }
        }
        return out;
    }

    /** An absolute http(s) URL without a fragment. */
    private static String url(Validator v, String value, String field) {
        if (value == null) {
            return null;
        }
        try {
            URI uri = new URI(value);
            if (uri.getHost() == null || uri.getFragment() != null
                    || !("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))) {
                v.fail(field, "must be an absolute http(s) URL without a fragment");
            }
        } catch (URISyntaxException e) {
            v.fail(field, "must be an absolute http(s) URL without a fragment");
        }
        return value;
    }

    private static UUID id(RoutingContext ctx) {
        return Requests.pathId(ctx, "id", "identity provider");
    }
}
