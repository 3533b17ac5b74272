package dev.switchboard.identity;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.platform.bus.Actor;
import dev.switchboard.platform.http.RequestMeta;
import dev.switchboard.tenancy.AccessCache;
import dev.switchboard.tenancy.IdentitySettings;
import dev.switchboard.tenancy.OrganizationStore;
import dev.switchboard.tenancy.Role;
import dev.switchboard.tenancy.TeamStore;
import dev.switchboard.tenancy.UserStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Gives SCIM-managed users the role and teams their groups map to, inside the transaction that changed their groups:
 * the highest mapped role wins (none mapped: the organization's provisioned role), and of the teams any mapping names
 * they are in exactly those their groups map to (teams no mapping names are left alone). Each change is recorded as
 * {@code user.role_changed} or {@code team.member_added}/{@code team.member_removed}, the events that make every node
 * re-read the user's access and re-scope their sockets. The break-glass admin is never changed, and the last active
 * admin is never demoted.
 */
final class GroupSync {

    private final Changes changes;
    private final AccessCache access;

    GroupSync(Changes changes, AccessCache access) {
        this.changes = changes;
        this.access = access;
    }

    /** Who caused a sync, for the audit log. */
    record Cause(UUID tenantId, Actor actor, RequestMeta meta) {
    }

    /** Applies the mappings to {@code userIds}, one after the other; the users whose role or teams changed. */
    Future<Set<UUID>> apply(SqlConnection conn, Cause cause, Collection<UUID> userIds) {
        if (userIds.isEmpty()) {
            return Future.succeededFuture(Set.of());
        }
        Set<UUID> changed = new HashSet<>();
        return OrganizationStore.settings(conn, cause.tenantId()).compose(org -> GroupMappingStore.all(conn, cause.tenantId())
                .compose(mappings -> GroupMappingStore.existingTeams(conn, cause.tenantId(),
                        mappings.stream().flatMap(m -> m.teamIds().stream()).distinct().toList()).compose(teams -> {
                    Future<Void> chain = Future.succeededFuture();
                    for (UUID userId : Set.copyOf(userIds)) {
                        chain = chain.compose(v -> applyOne(conn, cause, org.identity(), mappings, teams, userId)
                                .map(did -> {
                                    if (did) {
                                        changed.add(userId);
                                    }
                                    return null;
                                }));
                    }
                    return chain;
                })))
                .map(v -> changed);
    }

    /** Forgets cached access of {@code users} on this node at once (other nodes hear the events). */
    void invalidate(UUID tenantId, Set<UUID> users) {
        users.forEach(u -> access.invalidate(tenantId, u));
    }

    private Future<Boolean> applyOne(SqlConnection conn, Cause cause, IdentitySettings settings, List<GroupMapping> mappings,
                                     Set<UUID> existingTeams, UUID userId) {
        UUID tenantId = cause.tenantId();
        return ScimStore.user(conn, tenantId, userId, true).compose(user -> {
            if (user == null || !user.scimManaged() || userId.equals(settings.breakGlassUserId())) {
                return Future.succeededFuture(false);
            }
            return GroupMappingStore.groupNamesOf(conn, tenantId, userId).compose(groups -> {
                Role role = settings.provisionedRole();
                Set<UUID> wanted = new HashSet<>();
                Set<UUID> managed = new HashSet<>();
                for (GroupMapping m : mappings) {
                    managed.addAll(m.teamIds());
                    if (groups.contains(m.groupName().toLowerCase(java.util.Locale.ROOT))) {
                        wanted.addAll(m.teamIds());
                        if (m.role() != null && m.role().level() > role.level()) {
                            role = m.role();
                        }
                    }
                }
                // a mapping may still name a team deleted since
                managed.retainAll(existingTeams);
                Role target = role;
                return changeRole(conn, cause, user, target).compose(roleChanged -> GroupMappingStore.teamsOf(conn, tenantId, userId)
                        .compose(current -> changeTeams(conn, cause, userId, current, wanted, managed))
                        .map(teamsChanged -> roleChanged || teamsChanged));
            });
        });
    }

    private Future<Boolean> changeRole(SqlConnection conn, Cause cause, ScimUser user, Role role) {
        if (user.role() == role) {
            return Future.succeededFuture(false);
        }
        if (user.role() == Role.ADMIN && user.active()) {
            // the organization keeps an active admin whatever its groups say, as it does for people's own changes
            return UserStore.lockActiveAdmins(conn, cause.tenantId()).compose(admins -> admins <= 1 ? Future.succeededFuture(false)
                    : setRole(conn, cause, user, role));
        }
        return setRole(conn, cause, user, role);
    }

    private Future<Boolean> setRole(SqlConnection conn, Cause cause, ScimUser user, Role role) {
        return UserStore.updateRole(conn, cause.tenantId(), user.id(), role).compose(after -> changes.record(conn, cause.tenantId(),
                cause.actor(), cause.meta(), Change.updated("user.role_changed", "user", user.id(),
                                after.auditView().put("role", user.role().wire()), after.auditView())
                        .withDetails(new JsonObject().put("from", user.role().wire()).put("to", role.wire()).put("via", "group_mapping"))))
                .map(true);
    }

    private Future<Boolean> changeTeams(SqlConnection conn, Cause cause, UUID userId, Set<UUID> current, Set<UUID> wanted, Set<UUID> managed) {
        Future<Boolean> chain = Future.succeededFuture(false);
        for (UUID team : managed) {
            boolean in = current.contains(team);
            if (in == wanted.contains(team)) {
                continue;
            }
            String action = in ? "team.member_removed" : "team.member_added";
            chain = chain.compose(any -> (in ? TeamStore.removeMember(conn, cause.tenantId(), team, userId)
                    : TeamStore.addMember(conn, cause.tenantId(), team, userId))
                    .compose(done -> changes.record(conn, cause.tenantId(), cause.actor(), cause.meta(), new Change(action, "team", team,
                            null, null, new JsonObject().put("userId", userId.toString()).put("via", "group_mapping"))))
                    .map(true));
        }
        return chain;
    }
}
