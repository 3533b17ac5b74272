package dev.switchboard.calendar;

import java.util.List;
import java.util.Set;

/** A partial update: only the fields present in the body change; attendees who stay keep their responses. */
record AppointmentPatch(Set<String> present, AppointmentFields values) {

    AppointmentFields applyTo(Appointment before) {
        return new AppointmentFields(
                has("title") ? values.title() : before.title(),
                has("description") ? values.description() : before.description(),
                has("startsAt") ? values.startsAt() : before.startsAt(),
                has("endsAt") ? values.endsAt() : before.endsAt(),
                has("timezone") ? values.timezone() : before.timezone(),
                has("kind") ? values.kind() : before.kind(),
                has("ownerUserId") ? values.ownerUserId() : before.ownerUserId(),
                has("attendees") ? keepResponses(values.attendees(), before.attendees()) : before.attendees(),
                has("links") ? values.links() : before.links(),
                has("reminderOffsetsMinutes") ? values.reminderOffsets() : before.reminderOffsetsMinutes());
    }

    boolean has(String field) {
        return present.contains(field);
    }

    private static List<Attendee> keepResponses(List<Attendee> invited, List<Attendee> before) {
        return invited.stream().map(a -> before.stream().filter(a::sameAs).findFirst().orElse(a)).toList();
    }
}
