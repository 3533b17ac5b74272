package dev.switchboard.auth;

import dev.switchboard.audit.AuditEntry;
import dev.switchboard.audit.AuditLog;
import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.platform.bus.Actor;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.ExpectedVersion;
import dev.switchboard.platform.http.RequestMeta;
import dev.switchboard.tenancy.AccessCache;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.User;
import dev.switchboard.tenancy.UserStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * A signed-in user's own account: profile, password, sessions; and password reset by email for someone who
 * cannot sign in. Password hashing runs on the hashing workers, never on an event loop.
 */
public final class AccountService {

    private static final String BAD_RESET = "is invalid, expired or already used; ask for a new reset email";

    private final Db db;
    private final Passwords passwords;
    private final Changes changes;
    private final SessionStatus sessions;
    private final AccessCache access;
    private final AccountEmails emails;
    private final Duration resetTtl;

    public AccountService(Db db, Passwords passwords, Changes changes, SessionStatus sessions, AccessCache access, AccountEmails emails,
                          Duration resetTtl) {
        this.db = db;
        this.passwords = passwords;
        this.changes = changes;
        this.sessions = sessions;
        this.access = access;
        this.emails = emails;
        this.resetTtl = resetTtl;
    }

    public Future<User> profile(Principal p) {
        p.requirePerson();
        return db.inTenant(p.tenantId(), conn -> UserStore.find(conn, p.tenantId(), p.userId()));
    }

    /** Changes the caller's name, time zone or avatar (null leaves a field; {@code clear*} empties it); 409/412 when stale. */
    public Future<User> updateProfile(Principal p, ProfilePatch patch, ExpectedVersion expected) {
        p.requirePerson();
        return db.inTenant(p.tenantId(), conn -> UserStore.findLocked(conn, p.tenantId(), p.userId()).compose(before -> {
            if (expected != null && !expected.matches(before.version())) {
                return Future.failedFuture(expected.stale("your profile"));
            }
            String name = patch.fullName() != null ? patch.fullName() : before.fullName();
            String zone = patch.clearTimezone() ? null : patch.timezone() != null ? patch.timezone() : before.timezone();
            String avatar = patch.clearAvatarUrl() ? null : patch.avatarUrl() != null ? patch.avatarUrl() : before.avatarUrl();
            return UserStore.updateProfile(conn, p.tenantId(), p.userId(), name, zone, avatar)
                    .compose(after -> after.profileView().equals(before.profileView()) ? Future.succeededFuture(before)
                            : changes.record(conn, p, Change.updated("user.profile_updated", "user", p.userId(), before.profileView(),
                                    after.profileView())).map(after));
        }));
    }

    /**
     * Sets a new password after checking the current one (400 naming {@code currentPassword} when it is wrong); every
     * other session of the caller ends, this one stays signed in.
     */
    public Future<Void> changePassword(Principal p, String current, String next) {
        p.requirePerson();
        return db.inTenant(p.tenantId(), conn -> UserStore.find(conn, p.tenantId(), p.userId()))
                .compose(user -> passwords.verify(current, user.passwordHash()))
                .compose(matches -> matches ? passwords.hash(next)
                        : Future.failedFuture(ApiException.invalid("currentPassword", "is not your current password")))
                .compose(hash -> db.inTenant(p.tenantId(), conn -> UserStore.setPassword(conn, p.tenantId(), p.userId(), hash)
                        .compose(user -> SessionStore.revokeOthers(conn, changes.outbox(), p.tenantId(), p.userId(), p.sessionId(), "password_changed"))
                        .compose(ended -> changes.record(conn, p, Change.updated("user.password_changed", "user", p.userId(), null, null)
                                .withDetails(new JsonObject().put("endedSessions", ended))))));
    }

    /** The caller's live sessions, the one this request came with marked {@code current}. */
    public Future<List<JsonObject>> sessions(Principal p) {
        p.requirePerson();
        return db.inTenant(p.tenantId(), conn -> SessionStore.list(conn, p.tenantId(), p.userId()))
                .map(list -> list.stream().map(s -> new JsonObject()
                        .put("id", s.id().toString())
                        .put("current", s.id().equals(p.sessionId()))
                        .put("startedAt", dev.switchboard.tenancy.Timestamps.format(s.startedAt()))
                        .put("lastActiveAt", dev.switchboard.tenancy.Timestamps.format(s.lastActiveAt()))
                        .put("expiresAt", dev.switchboard.tenancy.Timestamps.format(s.expiresAt()))
                        .put("ip", s.ip())
                        .put("userAgent", s.userAgent())).toList());
    }

    /** Ends one of the caller's sessions (its refresh token and access tokens stop working); 404 for any other id. */
    public Future<Void> revokeSession(Principal p, UUID sessionId) {
        p.requirePerson();
        return db.inTenant(p.tenantId(), conn -> SessionStore.revokeFamily(conn, changes.outbox(), p.tenantId(), sessionId, p.userId(), "revoked_by_user")
                .compose(n -> n == 0 ? Future.failedFuture(ApiException.notFound("session"))
                        : AuditLog.append(conn, new AuditEntry(p.tenantId(), p.actor(), "auth.session_revoked", "user", p.userId(), null,
                                new JsonObject().put("sessionId", sessionId.toString()), p.meta()))))
                .onSuccess(v -> sessions.ended(sessionId));
    }

    /**
     * Emails a single-use reset link when {@code email} belongs to an active account; answers the same either way, so
     * nobody learns which addresses have accounts.
     */
    public Future<Void> requestReset(String email, RequestMeta meta) {
        return db.withoutTenant(conn -> SessionStore.findLogin(conn, email)).compose(found -> {
            if (found == null) {
                return Future.succeededFuture();
            }
            UUID tenantId = found[0];
            UUID userId = found[1];
            UUID id = Ids.next();
            OpaqueToken token = OpaqueToken.generate(tenantId, id);
            OffsetDateTime expires = OffsetDateTime.now(ZoneOffset.UTC).plus(resetTtl);
            return emails.configured(tenantId).compose(canSend -> !canSend ? Future.<Void>succeededFuture()
                    : db.inTenant(tenantId, conn -> UserStore.find(conn, tenantId, userId).compose(user -> !user.active()
                            ? Future.<Void>succeededFuture()
                            : PasswordResetStore.create(conn, tenantId, id, userId, token.hash(), expires)
                                    .compose(v -> emails.passwordReset(conn, tenantId, user.email(), user.fullName(), token.encode(), expires))
                                    .compose(v -> AuditLog.append(conn, new AuditEntry(tenantId, Actor.ANONYMOUS, "auth.password_reset_requested",
                                            "user", userId, null, null, meta))))));
        });
    }

    /** Sets a new password with a reset token, once; every session of the account ends. 400 naming {@code token} otherwise. */
    public Future<Void> confirmReset(String tokenValue, String password, RequestMeta meta) {
        OpaqueToken token = OpaqueToken.parse(tokenValue);
        if (token == null) {
            return Future.failedFuture(ApiException.invalid("token", BAD_RESET));
        }
        UUID tenantId = token.tenantId();
        return passwords.hash(password).compose(hash -> db.inTenant(tenantId, conn -> PasswordResetStore.lock(conn, tenantId, token.id())
                .compose(reset -> {
                    if (reset == null || !token.matches(reset.hash()) || reset.usedAt() != null
                            || reset.expiresAt().isBefore(OffsetDateTime.now())) {
                        return Future.failedFuture(ApiException.invalid("token", BAD_RESET));
                    }
                    return PasswordResetStore.use(conn, tenantId, reset.id())
                            .compose(v -> UserStore.setPassword(conn, tenantId, reset.userId(), hash))
                            .compose(user -> SessionStore.revokeOthers(conn, changes.outbox(), tenantId, reset.userId(), null, "password_reset"))
                            .compose(ended -> changes.record(conn, tenantId, Actor.user(reset.userId()), meta,
                                    Change.updated("user.password_reset", "user", reset.userId(), null, null)
                                            .withDetails(new JsonObject().put("endedSessions", ended))))
                            .map(reset.userId());
                })))
                .onSuccess(userId -> access.invalidate(tenantId, userId))
                .mapEmpty();
    }

    /** A partial profile change. */
    public record ProfilePatch(String fullName, String timezone, boolean clearTimezone, String avatarUrl, boolean clearAvatarUrl) {
    }
}
