package dev.switchboard.calendar;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** One appointment in the calendar, and whether the caller sees it in full or only as a busy block. */
public record CalendarEntry(Appointment appointment, boolean detailed) {

    public UUID id() {
        return appointment.id();
    }

    public JsonObject toJson() {
        return detailed ? appointment.toJson().put("busy", false) : appointment.busyBlock();
    }
}
