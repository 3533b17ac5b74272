package dev.switchboard.identity;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.error.StoreException;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntPredicate;
import java.util.function.UnaryOperator;

/**
 * SCIM provisioning of the identity provider's groups. A change of a group's members or name applies the group
 * mappings to everyone it touches in the same transaction: their role and teams change at once, audited with the SCIM
 * token as actor.
 */
final class ScimGroups {

    private final Db db;
    private final Changes changes;
    private final GroupSync sync;

    ScimGroups(Db db, Changes changes, GroupSync sync) {
        this.db = db;
        this.changes = changes;
        this.sync = sync;
    }

    Future<ScimStore.Page<ScimGroup>> list(ScimCaller c, ScimStore.Query query) {
        return db.inTenant(c.tenantId(), conn -> ScimStore.groups(conn, c.tenantId(), query));
    }

    /** The group; 404 when the organization has none with this id. */
    Future<ScimGroup> get(ScimCaller c, UUID id) {
        return db.inTenant(c.tenantId(), conn -> existing(conn, c, id, false));
    }

    /** Creates a group with its members; 400 {@code invalidValue} for a member who is no user of the organization. */
    Future<ScimGroup> create(ScimCaller c, ScimPatch.GroupState wanted) {
        UUID tenantId = c.tenantId();
        UUID id = Ids.next();
        Set<UUID> touched = new HashSet<>();
        return db.inTenant(tenantId, conn -> ScimStore.insertGroup(conn, tenantId, id, wanted.displayName(), wanted.externalId())
                .compose(group -> members(conn, c, id, Set.of(), wanted.members(), touched))
                .compose(v -> existing(conn, c, id, false))
                .compose(group -> changes.record(conn, tenantId, c.actor(), c.meta(),
                                Change.created("scim_group.created", "scim_group", id, group.auditView()))
                        .compose(v -> sync.apply(conn, c.cause(), touched)).map(group)))
                .recover(ScimGroups::taken).onSuccess(g -> sync.invalidate(tenantId, touched));
    }

    /** Sets the group to {@code change(current)}; 404, 412 and 409 as for users. */
    Future<ScimGroup> update(ScimCaller c, UUID id, IntPredicate version, UnaryOperator<ScimPatch.GroupState> change) {
        UUID tenantId = c.tenantId();
        Set<UUID> touched = new HashSet<>();
        return db.inTenant(tenantId, conn -> existing(conn, c, id, true).compose(before -> {
            if (!version.test(before.version())) {
                return Future.failedFuture(Scim.preconditionFailed());
            }
            Set<UUID> current = new HashSet<>();
            before.members().forEach(m -> current.add(m.userId()));
            ScimPatch.GroupState wanted = change.apply(new ScimPatch.GroupState(before.displayName(), before.externalId(), current));
            boolean renamed = !wanted.displayName().equals(before.displayName());
            if (!renamed && wanted.members().equals(current) && java.util.Objects.equals(wanted.externalId(), before.externalId())) {
                return Future.succeededFuture(before);
            }
            if (renamed) {
                // the mappings go by name: everyone in the group may get another role
                touched.addAll(current);
            }
            return ScimStore.updateGroup(conn, tenantId, id, wanted.displayName(), wanted.externalId())
                    .compose(g -> members(conn, c, id, current, wanted.members(), touched))
                    .compose(v -> existing(conn, c, id, false))
                    .compose(after -> changes.record(conn, tenantId, c.actor(), c.meta(),
                                    Change.updated("scim_group.updated", "scim_group", id, before.auditView(), after.auditView()))
                            .compose(v -> sync.apply(conn, c.cause(), touched)).map(after));
        })).recover(ScimGroups::taken).onSuccess(g -> sync.invalidate(tenantId, touched));
    }

    /** Deletes the group; its former members lose what it mapped them to. */
    Future<Void> delete(ScimCaller c, UUID id) {
        UUID tenantId = c.tenantId();
        Set<UUID> touched = new HashSet<>();
        return db.inTenant(tenantId, conn -> existing(conn, c, id, true).compose(before -> {
            before.members().forEach(m -> touched.add(m.userId()));
            return ScimStore.deleteGroup(conn, tenantId, id)
                    .compose(v -> changes.record(conn, tenantId, c.actor(), c.meta(),
                            Change.deleted("scim_group.deleted", "scim_group", id, before.auditView())))
                    .compose(v -> sync.apply(conn, c.cause(), touched));
        })).<Void>mapEmpty().onSuccess(v -> sync.invalidate(tenantId, touched));
    }

    /** Moves the members from {@code current} to {@code wanted}, adding everyone whose membership changed to {@code touched}. */
    private static Future<Void> members(SqlConnection conn, ScimCaller c, UUID groupId, Set<UUID> current, Set<UUID> wanted,
                                        Set<UUID> touched) {
        Set<UUID> add = new HashSet<>(wanted);
        add.removeAll(current);
        Set<UUID> remove = new HashSet<>(current);
        remove.removeAll(wanted);
        return ScimStore.existingUsers(conn, c.tenantId(), add).compose(known -> {
            if (known.size() != add.size()) {
                Set<UUID> unknown = new HashSet<>(add);
                unknown.removeAll(known);
                return Future.failedFuture(Scim.badRequest("invalidValue", "no user with id " + unknown.iterator().next()));
            }
            // a person the identity provider puts in a group is provisioned by it from then on, as if it had linked them
            return ScimStore.manage(conn, c.tenantId(), add).compose(v -> ScimStore.addMembers(conn, c.tenantId(), groupId, add))
                    .compose(added -> ScimStore.removeMembers(conn, c.tenantId(), groupId, remove).map(removed -> {
                        touched.addAll(added);
                        touched.addAll(removed);
                        return null;
                    }));
        });
    }

    private static Future<ScimGroup> existing(SqlConnection conn, ScimCaller c, UUID id, boolean lock) {
        return ScimStore.group(conn, c.tenantId(), id, lock).compose(g -> g == null
                ? Future.failedFuture(Scim.notFound("Group " + id)) : Future.succeededFuture(g));
    }

    private static <T> Future<T> taken(Throwable err) {
        if (err instanceof StoreException s && (s.isDuplicate("scim_groups_name_key") || s.isDuplicate("scim_groups_external_id_key"))) {
            return Future.failedFuture(Scim.uniqueness("a group with this displayName or externalId already exists"));
        }
        return Future.failedFuture(err);
    }
}
