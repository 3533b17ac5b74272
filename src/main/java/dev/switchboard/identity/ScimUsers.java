package dev.switchboard.identity;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.auth.SessionStore;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.error.StoreException;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.tenancy.OrganizationStore;
import dev.switchboard.tenancy.Role;
import dev.switchboard.tenancy.UserStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntPredicate;

/**
 * SCIM provisioning of the organization's users. Created users sign in through the identity provider only and start with
 * the organization's provisioned role; a user set inactive (or deleted, which deactivates) loses their sessions, tokens
 * and sockets at once. Every change is audited with the SCIM token as actor.
 */
final class ScimUsers {

    /** A user with their groups, as a SCIM answer shows them. */
    record Found(ScimUser user, Map<UUID, String> groups) {
    }

    private final Db db;
    private final Changes changes;
    private final GroupSync sync;

    ScimUsers(Db db, Changes changes, GroupSync sync) {
        this.db = db;
        this.changes = changes;
        this.sync = sync;
    }

    Future<ScimStore.Page<Found>> list(ScimCaller c, ScimStore.Query query) {
        UUID tenantId = c.tenantId();
        return db.inTenant(tenantId, conn -> ScimStore.users(conn, tenantId, query).compose(page -> ScimStore.groupsOf(conn, tenantId,
                page.items().stream().map(ScimUser::id).toList()).map(groups -> new ScimStore.Page<>(page.items().stream()
                .map(u -> new Found(u, groups.getOrDefault(u.id(), Map.of()))).toList(), page.total()))));
    }

    /** The user; 404 when the organization has none with this id. */
    Future<Found> get(ScimCaller c, UUID id) {
        return db.inTenant(c.tenantId(), conn -> existing(conn, c, id, false).compose(u -> found(conn, c, u)));
    }

    /** Creates a user; 409 {@code uniqueness} when the email or external id is taken. */
    Future<Found> create(ScimCaller c, ScimUser.Attributes wanted) {
        UUID tenantId = c.tenantId();
        UUID id = Ids.next();
        return db.inTenant(tenantId, conn -> OrganizationStore.settings(conn, tenantId).compose(org -> ScimStore.insertUser(conn, tenantId,
                        id, wanted, org.identity().provisionedRole().wire()))
                .compose(user -> changes.record(conn, tenantId, c.actor(), c.meta(), Change.created("user.created", "user", id,
                                user.auditView()).withDetails(new JsonObject().put("via", "scim")))
                        .compose(v -> found(conn, c, user))))
                .recover(ScimUsers::taken);
    }

    /**
     * Sets the user's attributes to {@code change(current)}; 404 for an unknown id, 412 when {@code version} does not
     * accept the current version, 409 {@code uniqueness} for a taken email or external id.
     */
    Future<Found> update(ScimCaller c, UUID id, IntPredicate version, java.util.function.UnaryOperator<ScimUser.Attributes> change) {
        UUID tenantId = c.tenantId();
        return db.inTenant(tenantId, conn -> existing(conn, c, id, true).compose(before -> {
            if (!version.test(before.version())) {
                return Future.failedFuture(Scim.preconditionFailed());
            }
            ScimUser.Attributes wanted = change.apply(before.attributes());
            if (wanted.equals(before.attributes()) && before.scimManaged()) {
                return found(conn, c, before);
            }
            return keepAnAdmin(conn, c, before, wanted).compose(ok -> ScimStore.updateUser(conn, tenantId, id, wanted).compose(after -> record(conn, c, before, after)
                    .compose(v -> sync.apply(conn, c.cause(), List.of(id)))
                    .compose(v -> ScimStore.user(conn, tenantId, id, false))
                    .compose(latest -> found(conn, c, latest))));
        })).recover(ScimUsers::taken).onSuccess(f -> sync.invalidate(tenantId, Set.of(id)));
    }

    /** 409 {@code mutability} when the change would deactivate the organization's last active admin. */
    private static Future<Void> keepAnAdmin(SqlConnection conn, ScimCaller c, ScimUser before, ScimUser.Attributes wanted) {
        if (before.role() != Role.ADMIN || !before.active() || wanted.active()) {
            return Future.succeededFuture();
        }
        return UserStore.lockActiveAdmins(conn, c.tenantId()).compose(admins -> admins > 1 ? Future.succeededFuture()
                : Future.failedFuture(new ApiException(409, "mutability", "Conflict", "the organization must keep an active admin")));
    }

    private Future<Void> record(SqlConnection conn, ScimCaller c, ScimUser before, ScimUser after) {
        UUID tenantId = c.tenantId();
        JsonObject via = new JsonObject().put("via", "scim");
        Future<Void> updated = changes.record(conn, tenantId, c.actor(), c.meta(),
                Change.updated("user.updated", "user", after.id(), before.auditView(), after.auditView()).withDetails(via));
        if (before.active() == after.active()) {
            return updated;
        }
        if (after.active()) {
            return updated.compose(v -> changes.record(conn, tenantId, c.actor(), c.meta(),
                    Change.updated("user.reactivated", "user", after.id(), before.auditView(), after.auditView()).withDetails(via)));
        }
        // every node drops the user's cached access and closes their sockets on these events (AccessChanges)
        return updated.compose(v -> SessionStore.revokeUser(conn, changes.outbox(), tenantId, after.id(), "deactivated"))
                .compose(n -> changes.record(conn, tenantId, c.actor(), c.meta(),
                        Change.updated("user.deactivated", "user", after.id(), before.auditView(), after.auditView()).withDetails(via)));
    }

    private static Future<ScimUser> existing(SqlConnection conn, ScimCaller c, UUID id, boolean lock) {
        return ScimStore.user(conn, c.tenantId(), id, lock).compose(u -> u == null
                ? Future.failedFuture(Scim.notFound("User " + id)) : Future.succeededFuture(u));
    }

    private static Future<Found> found(SqlConnection conn, ScimCaller c, ScimUser user) {
        return ScimStore.groupsOf(conn, c.tenantId(), List.of(user.id())).map(g -> new Found(user, g.getOrDefault(user.id(), Map.of())));
    }

    private static <T> Future<T> taken(Throwable err) {
        if (err instanceof StoreException s && (s.isDuplicate("users_email_key") || s.isDuplicate("users_external_id_key"))) {
            return Future.failedFuture(Scim.uniqueness("a user with this userName or externalId already exists"));
        }
        return Future.failedFuture(err);
    }
}
