package dev.switchboard.audit;

import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Which audit entries to list or export; null fields do not filter. */
public record AuditFilter(String entityType, UUID entityId, UUID actorId, String action, OffsetDateTime from, OffsetDateTime to) {

    /** The filter predicate over parameters $2..$7 ($1 is the tenant). */
    static final String PREDICATE = """
            tenant_id = $1
              AND ($2::text IS NULL OR entity_type = $2)
              AND ($3::uuid IS NULL OR entity_id = $3)
              AND ($4::uuid IS NULL OR actor_id = $4)
              AND ($5::text IS NULL OR action = $5)
              AND ($6::timestamptz IS NULL OR at >= $6)
              AND ($7::timestamptz IS NULL OR at < $7)""";

    Tuple bind(UUID tenantId) {
        return Tuple.from(new Object[] {tenantId, entityType, entityId, actorId, action, from, to});
    }
}
