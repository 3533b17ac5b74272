package dev.switchboard.realtime;

import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/** The organization's members with their live status and last-seen time. */
public final class PresenceService {

    /** One member's presence as the API shows it. */
    public record Entry(UUID userId, String status, String lastSeenAt) {
        public JsonObject toJson() {
            return new JsonObject().put("userId", userId.toString()).put("status", status).put("lastSeenAt", lastSeenAt);
        }
    }

    private final Db db;
    private final PresenceTracker tracker;

    public PresenceService(Db db, PresenceTracker tracker) {
        this.db = db;
        this.tracker = tracker;
    }

    /** A page of active members ordered by id; fails with 403 without {@code users.read}. */
    public Future<List<Entry>> list(Principal p, Pages page) {
        p.require(Permission.USERS_READ);
        return db.readInTenant(p.tenantId(), conn -> PresenceStore.members(conn, p.tenantId(), page)).map(members -> members.stream()
                .map(m -> new Entry(m.userId(), tracker.status(p.tenantId(), m.userId()),
                        m.lastSeenAt() == null ? null : Timestamps.format(m.lastSeenAt())))
                .toList());
    }
}
