package dev.switchboard.tenancy;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.error.StoreException;
import dev.switchboard.platform.http.ExpectedVersion;
import dev.switchboard.platform.http.Pages;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.UUID;

/** Teams: staff with {@code users.read} may read them (portal customers may not); {@code teams.manage} changes them. */
public final class TeamService {

    private final Db db;
    private final Changes changes;
    private final AccessCache access;

    public TeamService(Db db, Changes changes, AccessCache access) {
        this.db = db;
        this.changes = changes;
        this.access = access;
    }

    public Future<List<Team>> list(Principal p, Pages page) {
        p.require(Permission.USERS_READ);
        return db.inTenant(p.tenantId(), conn -> TeamStore.list(conn, p.tenantId(), page));
    }

    /** The team; 404 when there is none in the caller's organization. */
    public Future<Team> get(Principal p, UUID id) {
        p.require(Permission.USERS_READ);
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id));
    }

    /** Creates a team; 409 when the name is taken. */
    public Future<Team> create(Principal p, String name, String description) {
        p.require(Permission.TEAMS_MANAGE);
        UUID id = Ids.next();
        return db.inTenant(p.tenantId(), conn -> TeamStore.insert(conn, p.tenantId(), id, name, description)
                        .compose(v -> existing(conn, p, id))
                        .compose(team -> changes.record(conn, p, Change.created("team.created", "team", id, team.auditView()))
                                .map(team)))
                .recover(TeamService::nameTaken);
    }

    /**
     * Renames ({@code name} not null) or re-describes ({@code describes}) a team; 409/412 when {@code expected} is stale,
     * 409 when the name is taken.
     */
    public Future<Team> update(Principal p, UUID id, String name, boolean describes, String description, ExpectedVersion expected) {
        p.require(Permission.TEAMS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id).compose(before ->
                        TeamStore.update(conn, p.tenantId(), id, name != null ? name : before.name(),
                                describes ? description : before.description(), ExpectedVersion.orRead(expected, before.version()))
                                .compose(updated -> updated
                                ? existing(conn, p, id).compose(after -> changes.record(conn, p,
                                        Change.updated("team.updated", "team", id, before.auditView(), after.auditView())).map(after))
                                : Future.failedFuture(ExpectedVersion.staleOr(expected, "the team")))))
                .recover(TeamService::nameTaken);
    }

    public Future<Void> delete(Principal p, UUID id) {
        p.require(Permission.TEAMS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id).compose(team -> TeamStore.members(conn, p.tenantId(), id)
                        .compose(members -> TeamStore.delete(conn, p.tenantId(), id)
                                .compose(v -> changes.record(conn, p, Change.deleted("team.deleted", "team", id, team.auditView())
                                        .withDetails(new JsonObject().put("memberIds", memberIds(members)))))
                                .map(members))))
                // Former members' cached team lists are stale now; nobody else's are.
                .onSuccess(members -> members.forEach(m ->
                        access.invalidate(p.tenantId(), UUID.fromString(((JsonObject) m).getString("id")))))
                .mapEmpty();
    }

    public Future<JsonArray> members(Principal p, UUID id) {
        p.require(Permission.USERS_READ);
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id).compose(team -> TeamStore.members(conn, p.tenantId(), id)));
    }

    /** Adds a member; 404 when the team or the user is not in the caller's organization. */
    public Future<Void> addMember(Principal p, UUID teamId, UUID userId) {
        p.require(Permission.TEAMS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, teamId).compose(team -> UserStore.find(conn, p.tenantId(), userId))
                .compose(user -> user == null ? Future.failedFuture(ApiException.notFound("user"))
                        : TeamStore.addMember(conn, p.tenantId(), teamId, userId).compose(added -> added
                                ? changes.record(conn, p, membership("team.member_added", teamId, userId))
                                : Future.succeededFuture())))
                .onSuccess(v -> access.invalidate(p.tenantId(), userId));
    }

    public Future<Void> removeMember(Principal p, UUID teamId, UUID userId) {
        p.require(Permission.TEAMS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, teamId)
                .compose(team -> TeamStore.removeMember(conn, p.tenantId(), teamId, userId))
                .compose(removed -> removed
                        ? changes.record(conn, p, membership("team.member_removed", teamId, userId))
                        : Future.failedFuture(ApiException.notFound("team member"))))
                .onSuccess(v -> access.invalidate(p.tenantId(), userId));
    }

    private Future<Team> existing(SqlConnection conn, Principal p, UUID id) {
        return TeamStore.find(conn, p.tenantId(), id).compose(team -> team == null
                ? Future.failedFuture(ApiException.notFound("team")) : Future.succeededFuture(team));
    }

    private static JsonArray memberIds(JsonArray members) {
        JsonArray ids = new JsonArray();
        members.forEach(m -> ids.add(((JsonObject) m).getString("id")));
        return ids;
    }

    private static Change membership(String action, UUID teamId, UUID userId) {
        JsonObject member = new JsonObject().put("userId", userId.toString());
        return new Change(action, "team", teamId, null, null, member);
    }

    private static <T> Future<T> nameTaken(Throwable err) {
        return err instanceof StoreException s && s.isDuplicate("teams_name_key")
                ? Future.failedFuture(ApiException.conflict("team-name-taken", "a team with this name already exists"))
                : Future.failedFuture(err);
    }
}
