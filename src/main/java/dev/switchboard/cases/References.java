package dev.switchboard.cases;

import dev.switchboard.platform.error.ApiException;
import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.Records;
import dev.switchboard.tenancy.Role;
import dev.switchboard.tenancy.TeamService;
import dev.switchboard.tenancy.TeamStore;
import dev.switchboard.tenancy.UserStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.UUID;

/**
 * Checks that the records a case or queue links to exist and may be linked by the caller: teams and users
 * of the organization, and contacts the caller can read (through the record registry, once contacts are
 * registered there). Failures are 422s naming the field.
 */
public final class References {

    static final String CONTACT = "contact";

    private final TeamService teams;
    private final Records records;

    public References(TeamService teams, Records records) {
        this.teams = teams;
        this.records = records;
    }

    /** Runs before the write's transaction opens (each check uses its own), so no request holds two connections. */
    Future<Void> check(Principal p, UUID teamId, UUID contactId) {
        Future<Void> team = teamId == null ? Future.succeededFuture()
                : teams.get(p, teamId).<Void>mapEmpty()
                        .recover(err -> Future.failedFuture(ApiException.unknownReference("teamId", "is not a team of this organization")));
        return team.compose(v -> contact(p, contactId));
    }

    /**
     * As {@link #check(Principal, UUID, UUID)}, inside the write's transaction on {@code conn}: for writes that already
     * hold a connection (a case's creation, one row of an import).
     */
    Future<Void> check(SqlConnection conn, Principal p, UUID teamId, UUID contactId) {
        Future<Void> team = teamId == null ? Future.succeededFuture()
                : TeamStore.find(conn, p.tenantId(), teamId).compose(found -> found == null || !p.can(Permission.USERS_READ)
                        ? Future.failedFuture(ApiException.unknownReference("teamId", "is not a team of this organization"))
                        : Future.succeededFuture());
        return team.compose(v -> records.requireReadable(conn, p, CONTACT, contactId, "contactId"));
    }

    /** An active staff user of the organization, checked inside the write's transaction. */
    static Future<Void> ownerUser(SqlConnection conn, Principal p, UUID userId) {
        if (userId == null) {
            return Future.succeededFuture();
        }
        return UserStore.find(conn, p.tenantId(), userId).compose(user -> user == null || !user.active() || user.role() == Role.CUSTOMER
                ? Future.failedFuture(ApiException.unknownReference("ownerUserId", "is not an active staff user of this organization"))
                : Future.succeededFuture());
    }

    /** A queue of the organization, checked inside the write's transaction. */
    static Future<CaseQueue> queue(SqlConnection conn, Principal p, UUID queueId) {
        if (queueId == null) {
            return Future.succeededFuture();
        }
        return QueueStore.find(conn, p.tenantId(), queueId).compose(queue -> queue == null
                ? Future.failedFuture(ApiException.unknownReference("ownerQueueId", "is not a queue of this organization"))
                : Future.succeededFuture(queue));
    }

    /** The contact must be readable by the caller. */
    private Future<Void> contact(Principal p, UUID contactId) {
        return records.requireReadable(p, CONTACT, contactId, "contactId");
    }
}
