package dev.switchboard.tenancy;

import dev.switchboard.audit.AuditEntry;
import dev.switchboard.audit.AuditLog;
import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.error.StoreException;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.platform.outbox.Outbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.UUID;

/** Teams: anyone in the organization may read them; {@code teams.manage} changes them. */
public final class TeamService {

    private final Db db;
    private final Outbox outbox;

    public TeamService(Db db, Outbox outbox) {
        this.db = db;
        this.outbox = outbox;
    }

    public Future<List<Team>> list(Principal p, Pages page) {
        return db.inTenant(p.tenantId(), conn -> TeamStore.list(conn, p.tenantId(), page));
    }

    /** The team; 404 when there is none in the caller's organization. */
    public Future<Team> get(Principal p, UUID id) {
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id));
    }

    /** Creates a team; 409 when the name is taken. */
    public Future<Team> create(Principal p, String name, String description) {
        p.require(Permission.TEAMS_MANAGE);
        UUID id = Ids.next();
        return db.inTenant(p.tenantId(), conn -> TeamStore.insert(conn, p.tenantId(), id, name, description)
                        .compose(v -> existing(conn, p, id))
                        .compose(team -> record(conn, p, "team.created", team.id(), null, team.auditView()).map(team)))
                .recover(TeamService::nameTaken);
    }

    /** Renames or re-describes a team; 409 when {@code version} is stale or the name is taken. */
    public Future<Team> update(Principal p, UUID id, String name, String description, int version) {
        p.require(Permission.TEAMS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id).compose(before ->
                        TeamStore.update(conn, p.tenantId(), id, name, description, version).compose(updated -> updated
                                ? existing(conn, p, id).compose(after -> record(conn, p, "team.updated", id, before.auditView(),
                                        after.auditView()).map(after))
                                : Future.failedFuture(ApiException.conflict("stale-version",
                                        "the team was changed since version " + version)))))
                .recover(TeamService::nameTaken);
    }

    public Future<Void> delete(Principal p, UUID id) {
        p.require(Permission.TEAMS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id).compose(team -> TeamStore.delete(conn, p.tenantId(), id)
                .compose(v -> record(conn, p, "team.deleted", id, team.auditView(), null))));
    }

    public Future<JsonArray> members(Principal p, UUID id) {
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id).compose(team -> TeamStore.members(conn, p.tenantId(), id)));
    }

    /** Adds a member; 404 when the team or the user is not in the caller's organization. */
    public Future<Void> addMember(Principal p, UUID teamId, UUID userId) {
        p.require(Permission.TEAMS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, teamId).compose(team -> UserStore.find(conn, p.tenantId(), userId))
                .compose(user -> user == null ? Future.failedFuture(ApiException.notFound("user"))
                        : TeamStore.addMember(conn, p.tenantId(), teamId, userId).compose(added -> added
                                ? record(conn, p, "team.member_added", teamId, null, new JsonObject().put("userId", userId.toString()))
                                : Future.succeededFuture())));
    }

    public Future<Void> removeMember(Principal p, UUID teamId, UUID userId) {
        p.require(Permission.TEAMS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, teamId)
                .compose(team -> TeamStore.removeMember(conn, p.tenantId(), teamId, userId))
                .compose(removed -> removed
                        ? record(conn, p, "team.member_removed", teamId, new JsonObject().put("userId", userId.toString()), null)
                        : Future.failedFuture(ApiException.notFound("team member"))));
    }

    private Future<Team> existing(SqlConnection conn, Principal p, UUID id) {
        return TeamStore.find(conn, p.tenantId(), id).compose(team -> team == null
                ? Future.failedFuture(ApiException.notFound("team")) : Future.succeededFuture(team));
    }

    private Future<Void> record(SqlConnection conn, Principal p, String action, UUID teamId, JsonObject before, JsonObject after) {
        JsonObject data = new JsonObject().put("teamId", teamId.toString());
        if (after != null) {
            data.put("after", after);
        }
        return AuditLog.append(conn, new AuditEntry(p.tenantId(), p.actor(), action, "team", teamId, before, after, p.meta()))
                .compose(v -> outbox.append(conn, EventEnvelope.create(p.tenantId(), p.actor(), p.correlationId(), action, data)));
    }

    private static <T> Future<T> nameTaken(Throwable err) {
        return err instanceof StoreException s && s.isDuplicate("teams_name_key")
                ? Future.failedFuture(ApiException.conflict("team-name-taken", "a team with this name already exists"))
                : Future.failedFuture(err);
    }
}
