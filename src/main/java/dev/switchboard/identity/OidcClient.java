package dev.switchboard.identity;

import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.OutboundAddresses;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Talks to OpenID Connect providers: their discovery documents and JWKS, cached (a JWKS is fetched again when a token
 * names a key it does not hold, at most once a second per provider, so a key rotation works at once), and the token
 * endpoint. Every address is checked against the outbound rules before it is called.
 */
final class OidcClient {

    private static final Duration DISCOVERY_TTL = Duration.ofHours(1);
    private static final Duration JWKS_TTL = Duration.ofHours(1);
    private static final long REFETCH_EVERY_NANOS = Duration.ofSeconds(1).toNanos();
    private static final long TIMEOUT_MS = 10_000;

    /** The parts of a discovery document sign-in needs. */
    record Discovery(String issuer, String authorizationEndpoint, String tokenEndpoint, String jwksUri, boolean secretPost) {
    }

    private record Cached<T>(T value, long fetchedAt) {
        boolean fresh(Duration ttl) {
            return System.nanoTime() - fetchedAt < ttl.toNanos();
        }
    }

    private final WebClient client;
    private final OutboundAddresses outbound;
    private final ConcurrentHashMap<String, Cached<Discovery>> discoveries = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Cached<JsonObject>> jwks = new ConcurrentHashMap<>();

    OidcClient(WebClient client, OutboundAddresses outbound) {
        this.client = client;
        this.outbound = outbound;
    }

    Future<Discovery> discovery(String issuer) {
        Cached<Discovery> cached = discoveries.get(issuer);
        if (cached != null && cached.fresh(DISCOVERY_TTL)) {
            return Future.succeededFuture(cached.value());
        }
        String url = issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration";
        return getJson(url).compose(doc -> {
            String authorization = doc.getValue("authorization_endpoint") instanceof String s ? s : null;
            String token = doc.getValue("token_endpoint") instanceof String s ? s : null;
            String keys = doc.getValue("jwks_uri") instanceof String s ? s : null;
            // OIDC Discovery §4.3: the document must name the very issuer it was fetched for
            if (!issuer.equals(doc.getValue("issuer")) || authorization == null || token == null || keys == null) {
                return Future.failedFuture(unavailable("the identity provider's discovery document does not describe its issuer"));
            }
            Object methods = doc.getValue("token_endpoint_auth_methods_supported");
            boolean post = methods instanceof io.vertx.core.json.JsonArray list && list.contains("client_secret_post")
                    && !list.contains("client_secret_basic");
            Discovery d = new Discovery(issuer, authorization, token, keys, post);
            discoveries.put(issuer, new Cached<>(d, System.nanoTime()));
            return Future.succeededFuture(d);
        });
    }

    /** The provider's key set: cached, or fetched again when {@code refresh} and the cached one is over a second old. */
    Future<JsonObject> keys(Discovery d, boolean refresh) {
        Cached<JsonObject> cached = jwks.get(d.jwksUri());
        if (cached != null && (refresh ? System.nanoTime() - cached.fetchedAt() < REFETCH_EVERY_NANOS : cached.fresh(JWKS_TTL))) {
            return Future.succeededFuture(cached.value());
        }
        return getJson(d.jwksUri()).map(set -> {
            jwks.put(d.jwksUri(), new Cached<>(set, System.nanoTime()));
            return set;
        });
    }

    /** Exchanges an authorization code (with its PKCE verifier) for the provider's tokens. */
    Future<JsonObject> exchange(Discovery d, String clientId, String clientSecret, String code, String redirectUri, String verifier) {
        MultiMap form = MultiMap.caseInsensitiveMultiMap()
                .add("grant_type", "authorization_code").add("code", code).add("redirect_uri", redirectUri).add("code_verifier", verifier);
        var request = client.postAbs(d.tokenEndpoint()).timeout(TIMEOUT_MS).putHeader("Accept", "application/json");
        if (clientSecret != null && !d.secretPost()) {
            String basic = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":" + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
            request.putHeader("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        } else {
            form.add("client_id", clientId);
            if (clientSecret != null) {
                form.add("client_secret", clientSecret);
            }
        }
        return allowed(d.tokenEndpoint()).compose(ok -> request.sendForm(form))
                .recover(err -> Future.failedFuture(err instanceof ApiException ? err : unavailable("the identity provider cannot be reached")))
                .compose(response -> {
                    JsonObject body = json(response);
                    if (response.statusCode() != 200 || body == null) {
                        return Future.failedFuture(ApiException.unauthorized("the identity provider refused the sign-in"));
                    }
                    return Future.succeededFuture(body);
                });
    }

    private Future<JsonObject> getJson(String url) {
        return allowed(url).compose(ok -> client.getAbs(url).timeout(TIMEOUT_MS).putHeader("Accept", "application/json").send())
                .recover(err -> Future.failedFuture(err instanceof ApiException ? err : unavailable("the identity provider cannot be reached")))
                .compose(response -> {
                    JsonObject body = response.statusCode() == 200 ? json(response) : null;
                    return body == null ? Future.failedFuture(unavailable("the identity provider answered " + response.statusCode()))
                            : Future.succeededFuture(body);
                });
    }

    private Future<Void> allowed(String url) {
        return outbound.refusal(url).compose(refusal -> refusal == null ? Future.succeededFuture()
                : Future.failedFuture(unavailable("the identity provider's address is not allowed: " + refusal)));
    }

    private static JsonObject json(HttpResponse<Buffer> response) {
        try {
            Buffer body = response.body();
            return body == null || body.length() > 1_000_000 ? null : new JsonObject(body);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static ApiException unavailable(String detail) {
        return new ApiException(502, "identity-provider-unavailable", "Bad gateway", detail);
    }
}
