package dev.switchboard.cases;

import dev.switchboard.platform.error.ApiException;
import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.Records;
import dev.switchboard.tenancy.Role;
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

    private final Records records;

    public References(Records records) {
        this.records = records;
    }

    /**
     * The team must be one of the organization's (and the caller may see teams), the contact one the caller can read;
     * checked inside the write's transaction on {@code conn}, so a write never holds a second connection for its checks.
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
}
