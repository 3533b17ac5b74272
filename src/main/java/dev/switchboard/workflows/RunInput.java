package dev.switchboard.workflows;

import dev.switchboard.platform.bus.EventEnvelope;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * What a run starts from, as conditions and actions read it: {@code trigger}, {@code entityType},
 * {@code entityId}, {@code before}, {@code after} and {@code record} (the record as it is now), plus the
 * trigger's own fields ({@code eventId}, {@code offsetMinutes}, {@code dueAt}, ...).
 */
final class RunInput {

    private RunInput() {
    }

    static JsonObject fromEvent(EventEnvelope e) {
        JsonObject input = e.data().copy().put("trigger", e.type()).put("eventId", e.id().toString())
                .put("actorType", e.actor().type().wire());
        return normalise(input);
    }

    static JsonObject clock(String trigger, String entityType, UUID entityId, JsonObject record) {
        JsonObject input = new JsonObject().put("trigger", trigger).put("entityType", entityType)
                .put("entityId", entityId == null ? null : entityId.toString());
        if (record != null) {
            input.put("record", record.copy());
        }
        return normalise(input);
    }

    /** Fills {@code record} from {@code after} (or {@code before}) and {@code after} from {@code record}. */
    static JsonObject normalise(JsonObject sample) {
        JsonObject input = sample == null ? new JsonObject() : sample.copy();
        JsonObject record = input.getJsonObject("record");
        if (record == null) {
            record = input.getJsonObject("after", input.getJsonObject("before", new JsonObject()));
            input.put("record", record);
        }
        if (input.getJsonObject("after") == null) {
            input.put("after", record);
        }
        return input;
    }
}
