package dev.switchboard.identity;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.error.StoreException;
import dev.switchboard.platform.http.ExpectedVersion;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.Role;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * The organization's group mappings, managed by people holding {@code organization.manage}. A change applies at once to
 * the SCIM-managed members of the groups it names, in the same transaction.
 */
final class GroupMappings {

    private final Db db;
    private final Changes changes;
    private final GroupSync sync;

    GroupMappings(Db db, Changes changes, GroupSync sync) {
        this.db = db;
        this.changes = changes;
        this.sync = sync;
    }

    /** The wanted mapping: a group name, a role or none, and teams. */
    record Wanted(String groupName, Role role, List<UUID> teamIds) {
    }

    Future<List<GroupMapping>> list(Principal p, Pages page) {
        p.require(Permission.ORGANIZATION_MANAGE);
        return db.inTenant(p.tenantId(), conn -> GroupMappingStore.list(conn, p.tenantId(), page));
    }

    Future<GroupMapping> get(Principal p, UUID id) {
        p.require(Permission.ORGANIZATION_MANAGE);
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id));
    }

    /** Creates a mapping; 403 for a role above the caller's, 400 for a team not in the organization, 409 for a mapped name. */
    Future<GroupMapping> create(Principal p, Wanted wanted) {
        p.require(Permission.ORGANIZATION_MANAGE);
        UUID id = Ids.next();
        Set<UUID> touched = new HashSet<>();
        return db.inTenant(p.tenantId(), conn -> check(conn, p, wanted)
                .compose(v -> GroupMappingStore.insert(conn, p.tenantId(), id, wanted.groupName(), wire(wanted.role()), wanted.teamIds()))
                .compose(m -> changes.record(conn, p, Change.created("group_mapping.created", "group_mapping", id, m.auditView()))
                        .compose(v -> resync(conn, p, Set.of(m.groupName()), touched)).map(m)))
                .recover(GroupMappings::taken).onSuccess(m -> sync.invalidate(p.tenantId(), touched));
    }

    /** Replaces a mapping's name, role and teams; 409/412 when {@code expected} is stale, otherwise as {@link #create}. */
    Future<GroupMapping> update(Principal p, UUID id, Wanted wanted, ExpectedVersion expected) {
        p.require(Permission.ORGANIZATION_MANAGE);
        Set<UUID> touched = new HashSet<>();
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id).compose(before -> check(conn, p, wanted)
                .compose(v -> GroupMappingStore.update(conn, p.tenantId(), id, wanted.groupName(), wire(wanted.role()), wanted.teamIds(),
                        ExpectedVersion.orRead(expected, before.version())))
                .compose(after -> after == null ? Future.failedFuture(ExpectedVersion.staleOr(expected, "the group mapping"))
                        : changes.record(conn, p, Change.updated("group_mapping.updated", "group_mapping", id, before.auditView(),
                                after.auditView()))
                        .compose(v -> resync(conn, p, Set.of(before.groupName(), after.groupName()), touched)).map(after))))
                .recover(GroupMappings::taken).onSuccess(m -> sync.invalidate(p.tenantId(), touched));
    }

    Future<Void> delete(Principal p, UUID id) {
        p.require(Permission.ORGANIZATION_MANAGE);
        Set<UUID> touched = new HashSet<>();
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id).compose(before -> {
            if (before.role() != null && !p.role().atLeast(before.role())) {
                return Future.failedFuture(ApiException.forbidden("cannot remove a mapping to a role above your own"));
            }
            return GroupMappingStore.delete(conn, p.tenantId(), id)
                    .compose(v -> changes.record(conn, p, Change.deleted("group_mapping.deleted", "group_mapping", id, before.auditView())))
                    .compose(v -> resync(conn, p, Set.of(before.groupName()), touched));
        })).onSuccess(v -> sync.invalidate(p.tenantId(), touched));
    }

    private Future<Void> resync(SqlConnection conn, Principal p, Set<String> groupNames, Set<UUID> touched) {
        Set<String> names = new HashSet<>();
        groupNames.forEach(n -> names.add(n.toLowerCase(Locale.ROOT)));
        return GroupMappingStore.membersOfGroupsNamed(conn, p.tenantId(), names)
                .compose(members -> sync.apply(conn, new GroupSync.Cause(p.tenantId(), p.actor(), p.meta()), members))
                .map(changed -> {
                    touched.addAll(changed);
                    return null;
                });
    }

    private static Future<Void> check(SqlConnection conn, Principal p, Wanted wanted) {
        if (wanted.role() != null && !p.role().atLeast(wanted.role())) {
            return Future.failedFuture(ApiException.forbidden("cannot map a group to a role above your own"));
        }
        return GroupMappingStore.existingTeams(conn, p.tenantId(), wanted.teamIds()).compose(found -> found.size() == Set.copyOf(wanted.teamIds()).size()
                ? Future.succeededFuture()
                : Future.failedFuture(ApiException.unknownReference("teamIds", "names a team the organization does not have")));
    }

    private static Future<GroupMapping> existing(SqlConnection conn, Principal p, UUID id) {
        return GroupMappingStore.find(conn, p.tenantId(), id).compose(m -> m == null
                ? Future.failedFuture(ApiException.notFound("group mapping")) : Future.succeededFuture(m));
    }

    private static String wire(Role role) {
        return role == null ? null : role.wire();
    }

    private static <T> Future<T> taken(Throwable err) {
        return err instanceof StoreException s && s.isDuplicate("group_mappings_name_key")
                ? Future.failedFuture(ApiException.conflict("group-mapped", "this group is mapped already"))
                : Future.failedFuture(err);
    }
}
