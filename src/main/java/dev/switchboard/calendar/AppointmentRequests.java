package dev.switchboard.calendar;

import dev.switchboard.platform.http.Validator;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** Reads appointment bodies: create, update and respond. */
final class AppointmentRequests {

    static final int MAX_ATTENDEES = 100;
    static final int MAX_LINKS = 50;
    static final int MAX_REMINDERS = 10;
    static final int MAX_OFFSET = 28 * 24 * 60;
    private static final Pattern ENTITY_TYPE = Pattern.compile("^[a-z][a-z_]{0,39}$");
    private static final List<String> FIELDS = List.of("title", "description", "startsAt", "endsAt", "timezone", "kind",
            "ownerUserId", "attendees", "links", "reminderOffsetsMinutes");
    private static final List<String> NOT_NULL = List.of("title", "startsAt", "endsAt", "timezone", "kind", "ownerUserId",
            "attendees", "links", "reminderOffsetsMinutes");

    private AppointmentRequests() {
    }

    static AppointmentFields create(JsonObject body) {
        Validator v = new Validator(body);
        AppointmentFields f = read(v, body, true);
        if (f.startsAt() != null && f.endsAt() != null && !f.endsAt().isAfter(f.startsAt())) {
            v.fail("endsAt", "must be after startsAt");
        }
        v.check();
        return f;
    }

    static AppointmentPatch patch(JsonObject body) {
        Validator v = new Validator(body);
        AppointmentFields values = read(v, body, false);
        Set<String> present = new HashSet<>();
        FIELDS.stream().filter(body::containsKey).forEach(present::add);
        NOT_NULL.stream().filter(f -> body.containsKey(f) && body.getValue(f) == null).forEach(f -> v.fail(f, "must not be null"));
        v.check();
        return new AppointmentPatch(Set.copyOf(present), values);
    }

    static String response(JsonObject body) {
        Validator v = new Validator(body);
        String response = v.oneOf("response", Attendee.RESPONSES);
        v.check();
        return response;
    }

    private static AppointmentFields read(Validator v, JsonObject body, boolean creating) {
        String title = creating || body.getValue("title") != null ? v.requiredString("title", 200) : null;
        OffsetDateTime startsAt = creating || body.getValue("startsAt") != null ? v.requiredTimestamp("startsAt") : null;
        OffsetDateTime endsAt = creating || body.getValue("endsAt") != null ? v.requiredTimestamp("endsAt") : null;
        String timezone = creating || body.getValue("timezone") != null ? timezone(v, body) : null;
        String kind = body.getValue("kind") == null ? "meeting" : v.oneOf("kind", Appointment.KINDS);
        return new AppointmentFields(title, v.optionalString("description", 10_000), startsAt, endsAt, timezone, kind,
                v.uuid(body.getValue("ownerUserId"), "ownerUserId"), attendees(v, body), links(v, body), reminders(v, body));
    }

    private static String timezone(Validator v, JsonObject body) {
        String zone = v.requiredString("timezone", 64);
        if (zone != null && !ZoneId.getAvailableZoneIds().contains(zone)) {
            v.fail("timezone", "must be an IANA time zone such as Europe/Berlin");
            return null;
        }
        return zone;
    }

    private static List<Attendee> attendees(Validator v, JsonObject body) {
        List<Attendee> out = new ArrayList<>();
        for (JsonObject item : objects(v, body, "attendees", MAX_ATTENDEES)) {
            UUID user = v.uuid(item.getValue("userId"), "attendees");
            UUID contact = v.uuid(item.getValue("contactId"), "attendees");
            if ((user == null) == (contact == null)) {
                v.fail("attendees", "each attendee has either a userId or a contactId");
                continue;
            }
            Attendee attendee = Attendee.invite(user, contact);
            if (out.stream().anyMatch(attendee::sameAs)) {
                v.fail("attendees", "lists the same attendee twice");
                continue;
            }
            out.add(attendee);
        }
        return out;
    }

    private static List<AppointmentLink> links(Validator v, JsonObject body) {
        List<AppointmentLink> out = new ArrayList<>();
        for (JsonObject item : objects(v, body, "links", MAX_LINKS)) {
            Object type = item.getValue("entityType");
            UUID id = v.uuid(item.getValue("entityId"), "links");
            if (!(type instanceof String t) || !ENTITY_TYPE.matcher(t).matches() || id == null) {
                v.fail("links", "each link has an entityType such as \"case\" and an entityId");
                continue;
            }
            AppointmentLink link = new AppointmentLink(t, id);
            if (!out.contains(link)) {
                out.add(link);
            }
        }
        return out;
    }

    private static List<Integer> reminders(Validator v, JsonObject body) {
        Object value = body.getValue("reminderOffsetsMinutes");
        if (value == null) {
            return AppointmentFields.DEFAULT_REMINDERS;
        }
        List<Integer> out = new ArrayList<>();
        if (!(value instanceof JsonArray array) || array.size() > MAX_REMINDERS) {
            v.fail("reminderOffsetsMinutes", "must be an array of at most " + MAX_REMINDERS + " minute offsets");
            return out;
        }
        for (Object item : array) {
            if (!(item instanceof Integer m) || m < 0 || m > MAX_OFFSET || out.contains(m)) {
                v.fail("reminderOffsetsMinutes", "offsets are distinct integers from 0 to " + MAX_OFFSET);
                return out;
            }
            out.add(m);
        }
        return out;
    }

    private static List<JsonObject> objects(Validator v, JsonObject body, String field, int max) {
        Object value = body.getValue(field);
        List<JsonObject> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        if (!(value instanceof JsonArray array) || array.size() > max) {
            v.fail(field, "must be an array of at most " + max + " objects");
            return out;
        }
        for (Object item : array) {
            if (item instanceof JsonObject o) {
                out.add(o);
            } else {
                v.fail(field, "must contain objects only");
            }
        }
        return out;
    }
}
