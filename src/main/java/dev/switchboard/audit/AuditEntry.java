package dev.switchboard.audit;

import dev.switchboard.platform.bus.Actor;
import dev.switchboard.platform.http.RequestMeta;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * One audited action: who did what to which entity, with the state before and after (secrets never
 * included) and where the request came from.
 */
public record AuditEntry(
        UUID tenantId,
        Actor actor,
        String action,
        String entityType,
        UUID entityId,
        JsonObject before,
        JsonObject after,
        RequestMeta meta) {
}
