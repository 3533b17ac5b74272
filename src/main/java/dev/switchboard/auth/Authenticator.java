package dev.switchboard.auth;

import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.RequestMeta;
import dev.switchboard.platform.http.Requests;
import dev.switchboard.tenancy.AccessCache;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.UserAccess;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/**
 * Route handler that turns {@code Authorization: Bearer <token>} into the request's {@link Principal}:
 * the token must verify, the user must still exist and be active, and the session must not have ended. The token
 * may also be an organization API key ({@code sbk_...}; see {@link ApiKeys}).
 */
public final class Authenticator implements Handler<RoutingContext> {

    private static final String BEARER = "Bearer ";

    private final AccessTokens tokens;
    private final AccessCache access;
    private final SessionStatus sessions;
    private final boolean trustForwardedFor;
    private final ApiKeys apiKeys;

    /** Without API keys: only access tokens authenticate. */
    public Authenticator(AccessTokens tokens, AccessCache access, SessionStatus sessions, boolean trustForwardedFor) {
        this(tokens, access, sessions, trustForwardedFor, null);
    }

    public Authenticator(AccessTokens tokens, AccessCache access, SessionStatus sessions, boolean trustForwardedFor, ApiKeys apiKeys) {
        this.tokens = tokens;
        this.access = access;
        this.sessions = sessions;
        this.trustForwardedFor = trustForwardedFor;
        this.apiKeys = apiKeys;
    }

    /** The token of an {@code Authorization: Bearer} header, or null when there is none. */
    public static String bearerToken(HttpServerRequest request) {
        String header = request.getHeader("Authorization");
        return header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? header.substring(BEARER.length()).trim() : null;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String token = bearerToken(ctx.request());
        if (token == null) {
            ctx.fail(ApiException.unauthorized("a bearer access token is required"));
            return;
        }
        authenticate(token, ctx)
                .onSuccess(principal -> {
                    principal.attachTo(ctx);
                    ctx.next();
                })
                .onFailure(ctx::fail);
    }

    private Future<Principal> authenticate(String token, RoutingContext ctx) {
        return authenticate(token, Requests.meta(ctx, trustForwardedFor));
    }

    /**
     * The same checks for a token that did not come in a request header (a WebSocket {@code auth} frame);
     * fails with a 401 {@link ApiException}.
     */
    public Future<Principal> authenticate(String token, RequestMeta meta) {
        if (apiKeys != null && ApiKeys.isApiKey(token)) {
            return apiKeys.authenticate(token, meta);
        }
        return tokens.verify(token).compose(claims -> principal(claims.tenantId(), claims.userId(), claims.sessionId(), meta));
    }

    /**
     * {@code p} as it stands now, for a long-lived connection that authenticated earlier: fails with a 401
     * {@link ApiException} once the account is deactivated or the session ended, exactly as a request would.
     */
    public Future<Principal> refresh(Principal p) {
        if (p.apiKeyId() != null) {
            return apiKeys.refresh(p);
        }
        return principal(p.tenantId(), p.userId(), p.sessionId(), p.meta());
    }

    /**
     * When a connection that authenticated as {@code p} with {@code token} must end: the access token's expiry, or
     * for an API key its own expiry (at most a day ahead).
     */
    public Future<java.time.Instant> expiresAt(String token, Principal p) {
        if (p.apiKeyId() != null) {
            return apiKeys.expiresAt(p);
        }
        return tokens.verify(token).map(claims -> java.time.Instant.ofEpochSecond(claims.expiresAt()));
    }

    private Future<Principal> principal(UUID tenantId, UUID userId, UUID sessionId, RequestMeta meta) {
        return Future.all(access.get(tenantId, userId), sessions.live(tenantId, sessionId)).compose(both -> {
            UserAccess user = both.resultAt(0);
            if (user == null || !user.active()) {
                return Future.failedFuture(ApiException.unauthorized("the account is deactivated"));
            }
            if (!Boolean.TRUE.equals(both.resultAt(1))) {
                return Future.failedFuture(ApiException.unauthorized("the session has ended; sign in again"));
            }
            return Future.succeededFuture(new Principal(tenantId, userId, sessionId, user.role(), user.permissions(),
                    user.teamIds(), user.contactId(), meta));
        });
    }
}
