package dev.switchboard.auth;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.tenancy.AccessCache;
import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.Role;
import dev.switchboard.tenancy.User;
import dev.switchboard.tenancy.UserStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Administration of an organization's users: list, role changes, permission overrides, deactivation.
 * Nobody acts on their own account here or on someone above their level, and the last active admin
 * cannot be demoted or deactivated.
 */
public final class UserService {

    private final Db db;
    private final Changes changes;
    private final AccessCache access;

    public UserService(Db db, Changes changes, AccessCache access) {
        this.db = db;
        this.changes = changes;
        this.access = access;
    }

    public Future<List<User>> list(Principal p, Pages page) {
        p.require(Permission.USERS_READ);
        return db.inTenant(p.tenantId(), conn -> UserStore.list(conn, p.tenantId(), page));
    }

    /** The user; 404 when there is none in the caller's organization. */
    public Future<User> get(Principal p, UUID id) {
        p.require(Permission.USERS_READ);
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id));
    }

    /** Sets a user's role; 403 beyond the caller's level, 409 for a stale version or the last admin. */
    public Future<User> changeRole(Principal p, UUID id, Role role, Integer expectedVersion) {
        p.require(Permission.USERS_MANAGE);
        if (!p.role().atLeast(role)) {
            return Future.failedFuture(ApiException.forbidden("cannot grant a role above your own"));
        }
        return db.inTenant(p.tenantId(), conn -> manageable(conn, p, id).compose(user -> {
            if (expectedVersion != null && expectedVersion != user.version()) {
                return Future.failedFuture(ApiException.conflict("stale-version", "the user was changed since version " + expectedVersion));
            }
            if (user.role() == role) {
                return Future.succeededFuture(user);
            }
            return keepAnAdmin(conn, p, user, role == Role.ADMIN)
                    .compose(v -> UserStore.updateRole(conn, p.tenantId(), id, role))
                    .compose(updated -> record(conn, p, "user.role_changed", user, updated,
                            new JsonObject().put("from", user.role().wire()).put("to", role.wire())).map(updated));
        })).onSuccess(u -> access.invalidate(p.tenantId(), id));
    }

    /** Replaces a user's permission grants and revocations. */
    public Future<JsonObject> setPermissions(Principal p, UUID id, Set<String> grants, Set<String> revocations) {
        p.require(Permission.USERS_MANAGE);
        for (String grant : grants) {
            if (!p.can(grant)) {
                return Future.failedFuture(ApiException.forbidden("cannot grant " + grant + ", which you do not hold"));
            }
        }
        // the lock makes concurrent replacements take turns: each sees the one before it, none collides on insert
        return db.inTenant(p.tenantId(), conn -> manageable(conn, p, id).compose(user -> UserStore.lock(conn, p.tenantId(), id))
                .compose(locked -> UserStore.overrides(conn, p.tenantId(), id)
                .compose(before -> UserStore.replaceOverrides(conn, p.tenantId(), id, grants, revocations)
                        .compose(v -> UserStore.overrides(conn, p.tenantId(), id))
                        .compose(after -> changes.record(conn, p,
                                Change.updated("user.permissions_changed", "user", id, before, after)).map(after)))))
                .onSuccess(v -> access.invalidate(p.tenantId(), id));
    }

    /** Deactivates a user: their refresh tokens are revoked now and their access tokens stop working. */
    public Future<User> deactivate(Principal p, UUID id) {
        p.require(Permission.USERS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> manageable(conn, p, id).compose(user -> {
            if (!user.active()) {
                return Future.succeededFuture(user);
            }
            return keepAnAdmin(conn, p, user, false)
                    .compose(v -> UserStore.setActive(conn, p.tenantId(), id, false))
                    .compose(updated -> SessionStore.revokeUser(conn, changes.outbox(), p.tenantId(), id, "deactivated")
                            .compose(n -> record(conn, p, "user.deactivated", user, updated, new JsonObject()))
                            .map(updated));
        })).onSuccess(u -> access.invalidate(p.tenantId(), id));
    }

    public Future<User> reactivate(Principal p, UUID id) {
        p.require(Permission.USERS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> manageable(conn, p, id).compose(user -> user.active()
                ? Future.succeededFuture(user)
                : UserStore.setActive(conn, p.tenantId(), id, true)
                        .compose(updated -> record(conn, p, "user.reactivated", user, updated, new JsonObject()).map(updated))))
                .onSuccess(u -> access.invalidate(p.tenantId(), id));
    }

    public Future<JsonObject> permissions(Principal p, UUID id) {
        p.require(Permission.USERS_READ);
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id).compose(user -> UserStore.access(conn, p.tenantId(), id)
                .compose(effective -> UserStore.overrides(conn, p.tenantId(), id).map(overrides -> overrides
                        .put("role", effective.role().wire())
                        .put("effective", new JsonArray(effective.permissions().stream().sorted().toList()))))));
    }

    private Future<User> existing(SqlConnection conn, Principal p, UUID id) {
        return UserStore.find(conn, p.tenantId(), id).compose(user -> user == null
                ? Future.failedFuture(ApiException.notFound("user")) : Future.succeededFuture(user));
    }

    /** The target user, if the caller may manage them: not themselves, not someone above their level. */
    private Future<User> manageable(SqlConnection conn, Principal p, UUID id) {
        return existing(conn, p, id).compose(user -> {
            if (user.id().equals(p.userId())) {
                return Future.failedFuture(ApiException.forbidden("you cannot change your own account here"));
            }
            if (!p.role().atLeast(user.role())) {
                return Future.failedFuture(ApiException.forbidden("cannot manage a user above your role"));
            }
            return Future.succeededFuture(user);
        });
    }

    private Future<Void> keepAnAdmin(SqlConnection conn, Principal p, User user, boolean staysAdmin) {
        if (user.role() != Role.ADMIN || staysAdmin || !user.active()) {
            return Future.succeededFuture();
        }
        return UserStore.lockActiveAdmins(conn, p.tenantId()).compose(admins -> admins <= 1
                ? Future.failedFuture(ApiException.conflict("last-admin", "the organization must keep an active admin"))
                : Future.succeededFuture());
    }

    private Future<Void> record(SqlConnection conn, Principal p, String action, User before, User after, JsonObject details) {
        return changes.record(conn, p, Change.updated(action, "user", after.id(), before.auditView(), after.auditView())
                .withDetails(details));
    }
}
