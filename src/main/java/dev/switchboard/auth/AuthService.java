package dev.switchboard.auth;

import dev.switchboard.audit.AuditEntry;
import dev.switchboard.audit.AuditLog;
import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.platform.bus.Actor;
import dev.switchboard.platform.config.AuthConfig;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.error.StoreException;
import dev.switchboard.platform.http.RequestMeta;
import dev.switchboard.tenancy.Organization;
import dev.switchboard.tenancy.OrganizationStore;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.Role;
import dev.switchboard.tenancy.User;
import dev.switchboard.tenancy.UserStore;
import dev.switchboard.platform.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Registration, login, refresh-token rotation and logout. Every session is a refresh-token family:
 * rotation keeps the family, and presenting a token that was already rotated revokes the whole family.
 */
public final class AuthService {

    private static final String BAD_CREDENTIALS = "invalid email or password";
    private static final String BAD_REFRESH = "invalid, expired or revoked refresh token";
    private static final String SSO_ONLY = "this organization signs in with single sign-on; use your identity provider";
    /** Cross-tenant by design: the tenant of an active organization's slug, for joining it. */
    static final String TENANT_BY_SLUG = "SELECT tenant_by_slug($1)";

    private final Db db;
    private final Passwords passwords;
    private final AccessTokens tokens;
    private final Changes changes;
    private final SessionStatus sessions;
    private final AuthConfig config;
    private final Counter badCredentials;
    private final Counter deactivatedLogins;
    private final Counter badRefreshes;
    private final Counter refreshReuses;

    public AuthService(Db db, Passwords passwords, AccessTokens tokens, Changes changes, SessionStatus sessions, AuthConfig config,
                       MeterRegistry registry) {
        this.db = db;
        this.passwords = passwords;
        this.tokens = tokens;
        this.changes = changes;
        this.sessions = sessions;
        this.config = config;
        this.badCredentials = failures(registry, "bad_credentials");
        this.deactivatedLogins = failures(registry, "deactivated");
        this.badRefreshes = failures(registry, "invalid_refresh_token");
        this.refreshReuses = failures(registry, "refresh_token_reuse");
    }

    private static Counter failures(MeterRegistry registry, String reason) {
        return Counter.builder(MetricNames.AUTH_FAILURES).description("refused logins and refreshes")
                .tag("reason", reason).register(registry);
    }

    /**
     * Creates an organization (in {@code timezone}, an IANA name) and its first admin. Fails 409 when the email is
     * taken.
     */
    public Future<Session> register(String organizationName, String timezone, String email, String password, String fullName,
                                    RequestMeta meta) {
        return passwords.hash(password).compose(hash -> registerOnce(organizationName, Slugs.from(organizationName), timezone, email, hash,
                        fullName, meta)
                .recover(err -> isDuplicate(err, "organizations_slug_key")
                        ? registerOnce(organizationName, Slugs.withSuffix(Slugs.from(organizationName)), timezone, email, hash, fullName, meta)
                        : Future.failedFuture(err)));
    }

    /**
     * Joins the organization {@code slug} names, when it lets people sign up and {@code email} is on one of its
     * allowed domains, with the role its settings give such members. 403 otherwise, the same for a slug that names
     * no organization; 409 when the email is taken.
     */
    public Future<Session> join(String slug, String email, String password, String fullName, RequestMeta meta) {
        ApiException closed = ApiException.forbidden("this organization takes new members by invitation only");
        return passwords.hash(password).compose(hash -> db.withoutTenant(conn -> conn.preparedQuery(TENANT_BY_SLUG).execute(Tuple.of(slug))
                        .map(rows -> rows.iterator().next().getUUID(0)))
                .compose(tenantId -> tenantId == null ? Future.failedFuture(closed) : db.inTenant(tenantId, conn ->
                        OrganizationStore.lockSettings(conn, tenantId).compose(settings -> {
                            if (!settings.selfRegistration() || !settings.allowsEmail(email)) {
                                return Future.failedFuture(closed);
                            }
                            UUID userId = Ids.next();
                            return UserStore.insert(conn, tenantId, userId, email, fullName, hash, settings.selfRegistrationRole())
                                    .compose(user -> changes.record(conn, tenantId, Actor.user(userId), meta,
                                                    Change.created("user.created", "user", userId, user.auditView())
                                                            .withDetails(new JsonObject().put("via", "self_registration")))
                                            .compose(v -> OrganizationStore.find(conn, tenantId))
                                            .compose(org -> openSession(conn, user, org, meta)));
                        })))
                .recover(err -> isDuplicate(err, "users_email_key")
                        ? Future.failedFuture(ApiException.conflict("email-taken", "an account with this email already exists"))
                        : Future.failedFuture(err)));
    }

    private Future<Session> registerOnce(String name, String slug, String timezone, String email, String hash, String fullName,
                                         RequestMeta meta) {
        UUID tenantId = Ids.next();
        UUID userId = Ids.next();
        return db.inTenant(tenantId, conn -> OrganizationStore.insert(conn, tenantId, name, slug, timezone)
                .compose(org -> UserStore.insert(conn, tenantId, userId, email, fullName, hash, Role.ADMIN)
                        .compose(user -> changes.record(conn, tenantId, Actor.user(userId), meta,
                                        Change.created("user.created", "user", userId, user.auditView())
                                                .withDetails(new JsonObject().put("via", "registration")))
                                .compose(v -> openSession(conn, user, org, meta)))))
                .recover(err -> isDuplicate(err, "users_email_key")
                        ? Future.failedFuture(ApiException.conflict("email-taken", "an account with this email already exists"))
                        : Future.failedFuture(err));
    }

    /** Checks credentials; 401 for an unknown email or a wrong password alike, 403 for a deactivated account. */
    public Future<Session> login(String email, String password, RequestMeta meta) {
        return db.withoutTenant(conn -> SessionStore.findLogin(conn, email)).compose(found -> {
            if (found == null) {
                badCredentials.increment();
                return passwords.verifyDecoy(password).compose(ok -> Future.failedFuture(ApiException.unauthorized(BAD_CREDENTIALS)));
            }
            UUID tenantId = found[0];
            UUID userId = found[1];
            return db.inTenant(tenantId, conn -> UserStore.find(conn, tenantId, userId)).compose(user ->
                    passwords.verify(password, user.passwordHash()).compose(matches -> {
                        if (!matches) {
                            badCredentials.increment();
                            return audit(tenantId, Actor.user(userId), "auth.login_failed", userId, meta)
                                    .compose(v -> Future.failedFuture(ApiException.unauthorized(BAD_CREDENTIALS)));
                        }
                        return passwordAllowed(tenantId, userId, meta).compose(allowed -> db.inTenant(tenantId, conn ->
                                OrganizationStore.find(conn, tenantId).compose(org -> {
                            if (!user.active() || !org.active()) {
                                return Future.succeededFuture((Session) null);
                            }
                            return UserStore.touchLogin(conn, tenantId, userId)
                                    .compose(v -> AuditLog.append(conn, new AuditEntry(tenantId, Actor.user(userId),
                                            "auth.login", "user", userId, null, null, meta)))
                                    .compose(v -> openSession(conn, user, org, meta));
                        }))).compose(session -> session != null ? Future.succeededFuture(session)
                                : audit(tenantId, Actor.user(userId), "auth.login_failed", userId, meta).compose(v -> {
                                    deactivatedLogins.increment();
                                    return Future.failedFuture(ApiException.forbidden("the account is deactivated"));
                                }));
                    }));
        });
    }

    /**
     * Rotates a refresh token. A token that was already rotated means it leaked: the whole family is
     * revoked (and that committed) before the caller gets 401.
     */
    public Future<Session> refresh(String refreshToken, RequestMeta meta) {
        OpaqueToken presented = OpaqueToken.parse(refreshToken);
        if (presented == null) {
            badRefreshes.increment();
            return Future.failedFuture(ApiException.unauthorized(BAD_REFRESH));
        }
        UUID tenantId = presented.tenantId();
        return db.inTenant(tenantId, conn -> SessionStore.lock(conn, tenantId, presented.id()).compose(stored -> {
            if (stored == null || !presented.matches(stored.hash()) || stored.revokedAt() != null
                    || stored.expiresAt().isBefore(OffsetDateTime.now())) {
                return Future.succeededFuture((Session) null);
            }
            if (stored.usedAt() != null) {
                refreshReuses.increment();
                return SessionStore.revokeFamily(conn, changes.outbox(), tenantId, stored.familyId(), stored.userId(), "reuse")
                        .compose(n -> AuditLog.append(conn, new AuditEntry(tenantId, Actor.ANONYMOUS, "auth.refresh_reuse",
                                "user", stored.userId(), null, new JsonObject().put("sessionId", stored.familyId().toString())
                                        .put("revokedTokens", n), meta)))
                        .map((Session) null);
            }
            return UserStore.find(conn, tenantId, stored.userId()).compose(user -> OrganizationStore.find(conn, tenantId)
                    .compose(org -> {
                        if (!user.active() || !org.active()) {
                            return Future.succeededFuture((Session) null);
                        }
                        return SessionStore.markUsed(conn, tenantId, stored.id())
                                .compose(v -> rotate(conn, user, org, stored.familyId(), meta));
                    }));
        })).compose(session -> {
            if (session == null) {
                badRefreshes.increment();
                return Future.failedFuture(ApiException.unauthorized(BAD_REFRESH));
            }
            return Future.succeededFuture(session);
        });
    }

    /**
     * Ends the caller's current session, or all their sessions: their refresh tokens stop working at
     * once, and so do the access tokens of this session (other sessions' access tokens within the
     * session cache's TTL).
     */
    public Future<Void> logout(Principal principal, boolean allSessions) {
        principal.requirePerson();
        UUID tenantId = principal.tenantId();
        sessions.ended(principal.sessionId());
        return db.inTenant(tenantId, conn -> (allSessions
                ? SessionStore.revokeUser(conn, changes.outbox(), tenantId, principal.userId(), "logout")
                : SessionStore.revokeFamily(conn, changes.outbox(), tenantId, principal.sessionId(), principal.userId(), "logout"))
                .compose(n -> AuditLog.append(conn, new AuditEntry(tenantId, principal.actor(), "auth.logout", "user",
                        principal.userId(), null, new JsonObject().put("allSessions", allSessions).put("revokedTokens", n),
                        principal.meta()))));
    }

    /** The caller, their organization, teams and effective permissions. */
    public Future<JsonObject> me(Principal principal) {
        UUID tenantId = principal.tenantId();
        return db.inTenant(tenantId, conn -> UserStore.find(conn, tenantId, principal.userId())
                .compose(user -> OrganizationStore.find(conn, tenantId)
                        .compose(org -> UserStore.teamsOf(conn, tenantId, user.id())
                                .map(teams -> new JsonObject()
                                        .put("user", user.toJson())
                                        .put("organization", org.toJson())
                                        .put("teams", teams)
                                        .put("permissions", new JsonArray(principal.permissions().stream().sorted().toList()))))));
    }

    /**
     * Signs in a user of {@code tenantId} whose identity provider vouched for them ({@code via} names how), inside the
     * caller's transaction: audited as {@code auth.login}. 403 when the account or the organization is deactivated.
     */
    public Future<Session> signInVerified(SqlConnection conn, UUID tenantId, UUID userId, JsonObject via, RequestMeta meta) {
        return UserStore.find(conn, tenantId, userId).compose(user -> OrganizationStore.find(conn, tenantId).compose(org -> {
            if (user == null || !user.active() || !org.active()) {
                deactivatedLogins.increment();
                return Future.failedFuture(ApiException.forbidden("the account is deactivated"));
            }
            return UserStore.touchLogin(conn, tenantId, userId)
                    .compose(v -> AuditLog.append(conn, new AuditEntry(tenantId, Actor.user(userId), "auth.login", "user", userId, null,
                            via, meta)))
                    .compose(v -> openSession(conn, user, org, meta));
        }));
    }

    /** Starts a new session (refresh-token family) for {@code user}, inside the caller's transaction. */
    Future<Session> openSession(SqlConnection conn, User user, Organization org, RequestMeta meta) {
        return rotate(conn, user, org, Ids.next(), meta);
    }

    private Future<Session> rotate(SqlConnection conn, User user, Organization org, UUID familyId, RequestMeta meta) {
        return SessionStore.issue(conn, user.tenantId(), user.id(), familyId, Ids.next(), config.refreshTokenTtl(), meta)
                .map(refresh -> new Session(tokens.issue(user.tenantId(), user.id(), user.role(), familyId), refresh,
                        tokens.ttlSeconds(), user, org));
    }

    /** Fails 403 (audited as {@code auth.login_refused}) when the organization enforces single sign-on for the user. */
    private Future<Void> passwordAllowed(UUID tenantId, UUID userId, RequestMeta meta) {
        return db.readInTenant(tenantId, conn -> OrganizationStore.settings(conn, tenantId)).compose(settings ->
                settings.identity().allowsPasswordLogin(userId) ? Future.succeededFuture()
                        : db.inTenant(tenantId, conn -> AuditLog.append(conn, new AuditEntry(tenantId, Actor.user(userId), "auth.login_refused",
                                "user", userId, null, new JsonObject().put("reason", "sso_enforced"), meta)))
                        .compose(v -> Future.failedFuture(ApiException.forbidden(SSO_ONLY))));
    }

    private Future<Void> audit(UUID tenantId, Actor actor, String action, UUID userId, RequestMeta meta) {
        return db.inTenant(tenantId, conn -> AuditLog.append(conn, new AuditEntry(tenantId, actor, action, "user", userId, null, null, meta)));
    }

    static boolean isDuplicate(Throwable err, String constraint) {
        return err instanceof StoreException store && store.isDuplicate(constraint);
    }
}
