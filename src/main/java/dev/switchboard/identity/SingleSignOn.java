package dev.switchboard.identity;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.auth.AuthService;
import dev.switchboard.auth.OpaqueToken;
import dev.switchboard.auth.Session;
import dev.switchboard.platform.bus.Actor;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.error.StoreException;
import dev.switchboard.platform.http.RequestMeta;
import dev.switchboard.tenancy.OrganizationSettings;
import dev.switchboard.tenancy.OrganizationStore;
import dev.switchboard.tenancy.UserStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenID Connect sign-in (authorization code with PKCE, {@code state} and {@code nonce}): the email's domain picks the
 * organization's provider; the callback spends the sign-in once, exchanges the code, verifies the ID token against the
 * provider's JWKS, then links the account with the same (verified) email, or creates it when the organization allows
 * just-in-time accounts for that domain, and answers with the usual access and refresh tokens.
 */
final class SingleSignOn {

    private static final Logger log = LoggerFactory.getLogger(SingleSignOn.class);
    private static final Duration LOGIN_TTL = Duration.ofMinutes(10);
    private static final String REFUSED = "single sign-on failed; start again";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Db db;
    private final Changes changes;
    private final AuthService auth;
    private final OidcClient oidc;
    private final IdentityProviders providers;

    SingleSignOn(Db db, Changes changes, AuthService auth, OidcClient oidc, IdentityProviders providers) {
        this.db = db;
        this.changes = changes;
        this.auth = auth;
        this.oidc = oidc;
        this.providers = providers;
    }

    /** Where to send the browser: the provider's authorization URL, and the {@code state} the callback brings back. */
    record Started(String authorizationUrl, String state, long expiresIn) {
    }

    /**
     * Starts a sign-in for {@code email} back to {@code redirectUri}; 404 when no provider signs in the email's domain,
     * 400 when the provider does not list the redirect URI, 502 when it cannot be reached.
     */
    Future<Started> start(String email, String redirectUri) {
        String domain = email.substring(email.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        return db.withoutTenant(conn -> IdentityProviderStore.forDomain(conn, domain)).compose(found -> {
            if (found == null) {
                return Future.failedFuture(ApiException.notFound("single sign-on for this email's domain"));
            }
            UUID tenantId = found[0];
            return db.inTenant(tenantId, conn -> IdentityProviderStore.find(conn, tenantId, found[1])).compose(provider -> {
                if (!provider.redirectUris().contains(redirectUri)) {
                    return Future.failedFuture(ApiException.invalid("redirectUri", "is not one of the identity provider's redirect URIs"));
                }
                return oidc.discovery(provider.issuer()).compose(d -> begin(provider, d, email, redirectUri));
            });
        });
    }

    private Future<Started> begin(IdentityProvider provider, OidcClient.Discovery d, String email, String redirectUri) {
        UUID id = Ids.next();
        OpaqueToken state = OpaqueToken.generate(provider.tenantId(), id);
        String nonce = random();
        String verifier = random();
        OffsetDateTime expires = OffsetDateTime.now(ZoneOffset.UTC).plus(LOGIN_TTL);
        return db.inTenant(provider.tenantId(), conn -> IdentityProviderStore.insertLogin(conn, provider.tenantId(), id, state.hash(),
                provider.id(), nonce, verifier, redirectUri, expires)).map(v -> {
            String url = d.authorizationEndpoint() + (d.authorizationEndpoint().contains("?") ? "&" : "?")
                    + "response_type=code&scope=" + enc("openid email profile") + "&client_id=" + enc(provider.clientId())
                    + "&redirect_uri=" + enc(redirectUri) + "&state=" + enc(state.encode()) + "&nonce=" + enc(nonce)
                    + "&code_challenge=" + enc(challenge(verifier)) + "&code_challenge_method=S256&login_hint=" + enc(email);
            return new Started(url, state.encode(), LOGIN_TTL.toSeconds());
        });
    }

    /**
     * Finishes a sign-in; 401 for an unknown, spent or expired state and for an ID token that does not verify, 403 when
     * the account may not be linked or created, or is deactivated.
     */
    Future<Session> finish(String code, String stateValue, RequestMeta meta) {
        OpaqueToken state = OpaqueToken.parse(stateValue);
        if (state == null) {
            return Future.failedFuture(ApiException.unauthorized(REFUSED));
        }
        UUID tenantId = state.tenantId();
        // spent before anything else, in its own transaction: a state works once, whatever happens next
        return db.inTenant(tenantId, conn -> IdentityProviderStore.spendLogin(conn, tenantId, state.id())
                        .compose(login -> login == null || !state.matches(login.stateHash()) ? Future.succeededFuture(null)
                                : IdentityProviderStore.find(conn, tenantId, login.providerId()).map(p -> p == null || !p.enabled() ? null
                                : new Object[] {login, p})))
                .compose(found -> {
                    if (found == null) {
                        return Future.failedFuture(ApiException.unauthorized(REFUSED));
                    }
                    IdentityProviderStore.PendingLogin login = (IdentityProviderStore.PendingLogin) found[0];
                    IdentityProvider provider = (IdentityProvider) found[1];
                    return verified(provider, login, code).compose(claims -> signIn(provider, claims, meta));
                });
    }

    private Future<JsonObject> verified(IdentityProvider provider, IdentityProviderStore.PendingLogin login, String code) {
        String secret = provider.sealedSecret() == null ? null : providers.box().open(provider.sealedSecret());
        return oidc.discovery(provider.issuer()).compose(d -> oidc.exchange(d, provider.clientId(), secret, code, login.redirectUri(),
                login.codeVerifier()).compose(tokens -> {
            IdTokens.Parsed token;
            try {
                token = IdTokens.parse(tokens.getValue("id_token") instanceof String s ? s : null);
            } catch (IdTokens.Invalid e) {
                return refuse(provider, e);
            }
            return oidc.keys(d, false).compose(keys -> IdTokens.keyFor(token, keys) != null ? Future.succeededFuture(keys)
                            // an unknown key id: the provider may have rotated its keys since we fetched them
                            : oidc.keys(d, true))
                    .compose(keys -> {
                        JsonObject key = IdTokens.keyFor(token, keys);
                        try {
                            if (key == null) {
                                throw new IdTokens.Invalid("the ID token names a key the provider does not publish");
                            }
                            return Future.succeededFuture(IdTokens.verify(token, key, d.issuer(), provider.clientId(), login.nonce(),
                                    Instant.now()));
                        } catch (IdTokens.Invalid e) {
                            return refuse(provider, e);
                        }
                    });
        }));
    }

    private Future<Session> signIn(IdentityProvider provider, JsonObject claims, RequestMeta meta) {
        UUID tenantId = provider.tenantId();
        String email = claims.getValue("email") instanceof String s ? s.trim() : null;
        String domain = email == null || !email.contains("@") ? null : email.substring(email.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        // the provider vouches for the domains the organization routed to it; an address it calls unverified is not linked
        if (domain == null || !provider.domains().contains(domain) || Boolean.FALSE.equals(claims.getValue("email_verified"))
                || (claims.containsKey("email_verified") && !(claims.getValue("email_verified") instanceof Boolean))) {
            return Future.failedFuture(ApiException.forbidden("the identity provider did not vouch for an email on the organization's domains"));
        }
        JsonObject via = new JsonObject().put("via", "sso").put("identityProviderId", provider.id().toString())
                .put("subject", claims.getString("sub"));
        return db.withoutTenant(conn -> dev.switchboard.auth.SessionStore.findLogin(conn, email)).compose(found -> {
            if (found != null && !found[0].equals(tenantId)) {
                return Future.failedFuture(ApiException.forbidden("this email belongs to an account of another organization"));
            }
            return db.inTenant(tenantId, conn -> (found != null ? Future.succeededFuture(found[1]) : createAccount(conn, tenantId, email,
                    claims, meta)).compose(userId -> auth.signInVerified(conn, tenantId, userId, via, meta)));
        }).recover(err -> err instanceof StoreException s && s.isDuplicate("users_email_key")
                ? Future.failedFuture(ApiException.conflict("email-taken", "an account with this email was created meanwhile; sign in again"))
                : Future.failedFuture(err));
    }

    /** Just-in-time account creation: only when the organization allows it and lists the email's domain. */
    private Future<UUID> createAccount(SqlConnection conn, UUID tenantId, String email, JsonObject claims, RequestMeta meta) {
        return OrganizationStore.settings(conn, tenantId).compose(org -> {
            if (!justInTime(org, email)) {
                return Future.failedFuture(ApiException.forbidden("no account with this email; ask an admin to invite or provision you"));
            }
            UUID userId = Ids.next();
            String name = claims.getValue("name") instanceof String n && !n.isBlank() && n.length() <= 200 ? n.trim()
                    : email.substring(0, email.indexOf('@'));
            return UserStore.insert(conn, tenantId, userId, email, name, ScimStore.NO_PASSWORD, org.identity().provisionedRole())
                    .compose(user -> changes.record(conn, tenantId, Actor.user(userId), meta, Change.created("user.created", "user", userId,
                            user.auditView()).withDetails(new JsonObject().put("via", "sso"))))
                    .map(userId);
        });
    }

    private static boolean justInTime(OrganizationSettings org, String email) {
        return org.identity().ssoJustInTime() && !org.allowedEmailDomains().isEmpty() && org.allowsEmail(email);
    }

    private static <T> Future<T> refuse(IdentityProvider provider, IdTokens.Invalid e) {
        log.info("id token refused [tenant: {}, provider: {}, reason: {}]", provider.tenantId(), provider.id(), e.getMessage());
        return Future.failedFuture(ApiException.unauthorized(e.getMessage()));
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
