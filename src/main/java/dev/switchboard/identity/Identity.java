package dev.switchboard.identity;

import dev.switchboard.audit.Changes;
import dev.switchboard.auth.AuthService;
import dev.switchboard.platform.http.OutboundAddresses;
import dev.switchboard.platform.http.RateLimiter;
import dev.switchboard.platform.secrets.SecretBox;
import io.vertx.ext.web.client.WebClient;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.tenancy.AccessCache;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Enterprise identity: OpenID Connect single sign-on, SCIM provisioning with group mappings, and their admin routes. Built by the composition root;
 * reads its SCIM schema document from the classpath when built, so build it off the event loop.
 */
public final class Identity {

    private final List<Endpoint> endpoints;

    public Identity(Db db, Changes changes, AccessCache access, ApiRoutes routes, boolean trustForwardedFor, AuthService auth,
                    SecretBox box, WebClient web, OutboundAddresses outbound, RateLimiter signInLimit) {
        GroupSync sync = new GroupSync(changes, access);
        ScimTokens tokens = new ScimTokens(db, changes);
        IdentityProviders providers = new IdentityProviders(db, changes, box, outbound);
        SingleSignOn sso = new SingleSignOn(db, changes, auth, new OidcClient(web, outbound), providers);
        this.endpoints = List.of(
                new SingleSignOnEndpoint(sso, providers, routes, signInLimit, trustForwardedFor),
                new ProvisioningEndpoint(tokens, new GroupMappings(db, changes, sync), routes),
                new ScimEndpoint(tokens, new ScimUsers(db, changes, sync), new ScimGroups(db, changes, sync), schemas(), trustForwardedFor));
    }

    public List<Endpoint> endpoints() {
        return endpoints;
    }

    private static JsonArray schemas() {
        try (InputStream in = Identity.class.getClassLoader().getResourceAsStream("scim/schemas.json")) {
            if (in == null) {
                throw new IllegalStateException("scim/schemas.json is missing from the classpath");
            }
            return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getJsonArray("schemas");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
