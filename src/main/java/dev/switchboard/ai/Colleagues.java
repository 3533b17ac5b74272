package dev.switchboard.ai;

import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.tenancy.OrganizationSettings;
import dev.switchboard.tenancy.OrganizationStore;
import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.Role;
import dev.switchboard.tenancy.User;
import dev.switchboard.tenancy.UserStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Who a proposed task may go to and when "tomorrow at 3pm" is, for the caller: the organization's active staff (names
 * only, and only when the caller may read users), the caller's time zone (their own, else the organization's) and the
 * current local time there. Local times the model answers are resolved back to instants in that zone.
 */
final class Colleagues {

    private static final int MOST = 100;
    private static final DateTimeFormatter NOW = DateTimeFormatter.ofPattern("EEEE yyyy-MM-dd'T'HH:mm", Locale.ENGLISH);

    /** The caller's view: the colleagues by id (name), the zone, and now. */
    record View(Map<UUID, String> names, ZoneId zone, ZonedDateTime now) {

        /** The prompt's context: the current local time and the colleagues (fenced: names are people's own input). */
        String context(UUID caller) {
            StringBuilder list = new StringBuilder();
            names.forEach((id, name) -> list.append("- ").append(id).append(": ").append(name)
                    .append(id.equals(caller) ? " (the writer)" : "").append('\n'));
            return "Current local time of the writer: " + NOW.format(now) + " (" + zone.getId() + ")\n"
                    + "Colleagues (user id: name):\n" + Fence.wrap("colleagues", list.toString().trim());
        }

        /** The instant of a local {@code YYYY-MM-DDTHH:MM} in the zone; null for null. A gap (DST) moves forward. */
        Instant instant(String local) {
            if (local == null) {
                return null;
            }
            try {
                return ZonedDateTime.of(LocalDateTime.parse(local), zone).toInstant();
            } catch (DateTimeParseException e) {
                return null;
            }
        }

        /** Null when {@code id} is null or names a listed colleague; otherwise why not. */
        String unknown(String id, String field) {
            if (id == null) {
                return null;
            }
            UUID parsed = dev.switchboard.platform.db.Ids.parse(id);
            return parsed != null && names.containsKey(parsed) ? null : field + " names no colleague of the organization";
        }

        JsonObject assignee(String id, UUID fallback) {
            UUID user = id == null ? fallback : UUID.fromString(id);
            return new JsonObject().put("assigneeUserId", user.toString()).put("assigneeName", names.get(user));
        }
    }

    private final Db db;
    private final java.time.Clock clock;

    Colleagues(Db db, java.time.Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    Future<View> of(Principal p) {
        boolean listed = p.can(Permission.USERS_READ);
        return db.inTenant(p.tenantId(), conn -> UserStore.find(conn, p.tenantId(), p.userId())
                .compose(me -> OrganizationStore.settings(conn, p.tenantId()).compose(org -> (listed
                        ? UserStore.list(conn, p.tenantId(), new Pages(MOST, null, false))
                        : Future.succeededFuture(java.util.List.<User>of())).map(users -> {
                            Map<UUID, String> names = new LinkedHashMap<>();
                            if (me != null) {
                                names.put(me.id(), me.fullName());
                            }
                            users.stream().filter(u -> u.active() && u.role() != Role.CUSTOMER).forEach(u -> names.put(u.id(), u.fullName()));
                            ZoneId zone = zone(me == null ? null : me.timezone(), org);
                            return new View(names, zone, ZonedDateTime.now(clock.withZone(zone)));
                        }))));
    }

    private static ZoneId zone(String own, OrganizationSettings org) {
        for (String name : new String[] {own, org == null ? null : org.timezone()}) {
            try {
                if (name != null) {
                    return ZoneId.of(name);
                }
            } catch (DateTimeException ignored) {
                // the next one
            }
        }
        return ZoneId.of("UTC");
    }
}
