package dev.switchboard.calendar;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** A record of any feature an appointment is about, such as a case or a contact. */
public record AppointmentLink(String entityType, UUID entityId) {

    JsonObject toJson() {
        return new JsonObject().put("entityType", entityType).put("entityId", entityId.toString());
    }
}
