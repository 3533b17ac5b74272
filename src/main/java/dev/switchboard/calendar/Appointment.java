package dev.switchboard.calendar;

import dev.switchboard.tenancy.Timestamps;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/** A calendar event: a time range shown in a timezone, an owner, attendees, linked records and reminders. */
public record Appointment(UUID id, String title, String description, OffsetDateTime startsAt, OffsetDateTime endsAt,
                          String timezone, String kind, UUID ownerUserId, List<Integer> reminderOffsetsMinutes, UUID createdBy,
                          int version, OffsetDateTime createdAt, OffsetDateTime updatedAt, OffsetDateTime cancelledAt,
                          List<Attendee> attendees, List<AppointmentLink> links) {

    public static final Set<String> KINDS = Set.of("meeting", "call", "reminder", "blocked");

    static final String COLUMNS = "a.id, a.title, a.description, a.starts_at, a.ends_at, a.timezone, a.kind, a.owner_user_id, "
            + "a.reminder_offsets, a.created_by, a.version, a.created_at, a.updated_at, a.cancelled_at";

    /** The appointment row alone; {@link #withDetails} adds attendees and links. */
    static final Function<Row, Appointment> FROM_ROW = row -> new Appointment(row.getUUID("id"), row.getString("title"),
            row.getString("description"), row.getOffsetDateTime("starts_at"), row.getOffsetDateTime("ends_at"),
            row.getString("timezone"), row.getString("kind"), row.getUUID("owner_user_id"),
            List.of(row.getArrayOfIntegers("reminder_offsets")), row.getUUID("created_by"), row.getInteger("version"),
            row.getOffsetDateTime("created_at"), row.getOffsetDateTime("updated_at"), row.getOffsetDateTime("cancelled_at"),
            List.of(), List.of());

    Appointment withDetails(List<Attendee> attendees, List<AppointmentLink> links) {
        return new Appointment(id, title, description, startsAt, endsAt, timezone, kind, ownerUserId, reminderOffsetsMinutes,
                createdBy, version, createdAt, updatedAt, cancelledAt, List.copyOf(attendees), List.copyOf(links));
    }

    boolean cancelled() {
        return cancelledAt != null;
    }

    boolean attendedBy(UUID userId) {
        return attendees.stream().anyMatch(a -> userId != null && userId.equals(a.userId()));
    }

    public JsonObject toJson() {
        JsonArray people = new JsonArray();
        attendees.forEach(a -> people.add(a.toJson()));
        return new JsonObject()
                .put("id", id.toString())
                .put("title", title)
                .put("description", description)
                .put("startsAt", Timestamps.format(startsAt))
                .put("endsAt", Timestamps.format(endsAt))
                .put("timezone", timezone)
                .put("kind", kind)
                .put("ownerUserId", ownerUserId.toString())
                .put("attendees", people)
                .put("links", linked(links))
                .put("reminderOffsetsMinutes", new JsonArray(List.copyOf(reminderOffsetsMinutes)))
                .put("createdBy", createdBy.toString())
                .put("version", version)
                .put("createdAt", Timestamps.format(createdAt))
                .put("updatedAt", Timestamps.format(updatedAt))
                .put("cancelledAt", Timestamps.format(cancelledAt));
    }

    /** What a viewer without access to the details sees in the calendar: time and owner only. */
    public JsonObject busyBlock() {
        return new JsonObject()
                .put("id", id.toString())
                .put("startsAt", Timestamps.format(startsAt))
                .put("endsAt", Timestamps.format(endsAt))
                .put("ownerUserId", ownerUserId.toString())
                .put("busy", true);
    }

    /** The audit and event view. */
    public JsonObject auditView() {
        JsonArray users = new JsonArray();
        JsonArray contacts = new JsonArray();
        attendees.forEach(a -> {
            if (a.userId() != null) {
                users.add(a.userId().toString());
            } else {
                contacts.add(a.contactId().toString());
            }
        });
        return new JsonObject()
                .put("title", title)
                .put("kind", kind)
                .put("startsAt", Timestamps.format(startsAt))
                .put("endsAt", Timestamps.format(endsAt))
                .put("timezone", timezone)
                .put("ownerUserId", ownerUserId.toString())
                .put("status", cancelled() ? "cancelled" : "scheduled")
                .put("attendeeUserIds", users)
                .put("attendeeContactIds", contacts)
                .put("links", linked(links));
    }

    private static JsonArray linked(List<AppointmentLink> links) {
        JsonArray out = new JsonArray();
        links.forEach(l -> out.add(l.toJson()));
        return out;
    }
}
