package dev.switchboard.audit;

import dev.switchboard.tenancy.Timestamps;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.function.Function;

/** An audit row as stored: what the API shows, and what the hash chain covers. */
public record AuditRecord(
        UUID tenantId,
        UUID id,
        OffsetDateTime at,
        String actorType,
        UUID actorId,
        String action,
        String entityType,
        UUID entityId,
        JsonObject before,
        JsonObject after,
        String ip,
        String userAgent,
        String requestId) {

    static final String COLUMNS = "tenant_id, id, at, actor_type, actor_id, action, entity_type, entity_id, before, after, "
            + "ip, user_agent, request_id";

    static final Function<Row, AuditRecord> FROM_ROW = r -> new AuditRecord(r.getUUID("tenant_id"), r.getUUID("id"),
            r.getOffsetDateTime("at"), r.getString("actor_type"), r.getUUID("actor_id"), r.getString("action"),
            r.getString("entity_type"), r.getUUID("entity_id"), (JsonObject) r.getValue("before"),
            (JsonObject) r.getValue("after"), r.getString("ip"), r.getString("user_agent"), r.getString("request_id"));

    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id.toString())
                .put("at", Timestamps.format(at))
                .put("actorType", actorType)
                .put("actorId", actorId == null ? null : actorId.toString())
                .put("action", action)
                .put("entityType", entityType)
                .put("entityId", entityId == null ? null : entityId.toString())
                .put("before", before)
                .put("after", after)
                .put("ip", ip)
                .put("userAgent", userAgent)
                .put("requestId", requestId);
    }

    /** SHA-256 over the previous link's hash and this row's canonical JSON (tenant included). */
    byte[] chainHash(byte[] previous) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(previous);
            sha.update(CanonicalJson.encode(toJson().put("tenantId", tenantId.toString())).getBytes(StandardCharsets.UTF_8));
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The previous hash of each tenant's first link. */
    static final byte[] GENESIS = new byte[32];
}
