package dev.switchboard.platform.bus;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A domain event as it travels on the event bus (and later Kafka): always with its tenant, actor and
 * correlation id. Instances are immutable by contract: consumers must not change {@code data}.
 *
 * @param id            unique event id; consumers deduplicate on it
 * @param seq           position in the durable event log (0 until stored)
 * @param correlationId the request id that caused the event, or a system-generated one
 */
public record EventEnvelope(
        UUID id,
        long seq,
        UUID tenantId,
        Actor actor,
        String correlationId,
        String type,
        JsonObject data,
        Instant occurredAt) {

    public EventEnvelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(actor, "actor");
        data = data == null ? new JsonObject() : data;
    }

    /** A new event, not yet stored: id and time assigned now, {@code seq} assigned by the outbox. */
    public static EventEnvelope create(UUID tenantId, Actor actor, String correlationId, String type, JsonObject data) {
        return new EventEnvelope(dev.switchboard.platform.db.Ids.next(), 0L, tenantId, actor, correlationId, type, data, Instant.now());
    }

    /** Types of events the server writes to its log for its own consumers only; never sent to clients or endpoints. */
    public static final String INTERNAL_PREFIX = "internal.";

    /** Whether this event is for the server's own consumers only (see {@link #INTERNAL_PREFIX}). */
    public boolean internal() {
        return type.startsWith(INTERNAL_PREFIX);
    }

    public boolean hasTenant() {
        return tenantId != null;
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id.toString())
                .put("seq", seq)
                .put("tenantId", tenantId == null ? null : tenantId.toString())
                .put("actorType", actor.type().wire())
                .put("actorId", actor.id() == null ? null : actor.id().toString())
                .put("correlationId", correlationId)
                .put("type", type)
                .put("data", data)
                .put("occurredAt", occurredAt == null ? null : occurredAt.toString());
    }

    public static EventEnvelope fromJson(JsonObject json) {
        String tenant = json.getString("tenantId");
        String actorId = json.getString("actorId");
        String at = json.getString("occurredAt");
        return new EventEnvelope(
                UUID.fromString(json.getString("id")),
                json.getLong("seq", 0L),
                tenant == null ? null : UUID.fromString(tenant),
                new Actor(Actor.Type.fromWire(json.getString("actorType", "system")), actorId == null ? null : UUID.fromString(actorId)),
                json.getString("correlationId"),
                json.getString("type"),
                json.getJsonObject("data"),
                at == null ? null : Instant.parse(at));
    }
}
