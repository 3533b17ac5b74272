package dev.switchboard.calendar;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** The values of an appointment a client sets. {@code ownerUserId} null on create means the caller. */
record AppointmentFields(String title, String description, OffsetDateTime startsAt, OffsetDateTime endsAt, String timezone,
                         String kind, UUID ownerUserId, List<Attendee> attendees, List<AppointmentLink> links,
                         List<Integer> reminderOffsets) {

    static final List<Integer> DEFAULT_REMINDERS = List.of(1440, 60);

    AppointmentFields withOwner(UUID owner) {
        return new AppointmentFields(title, description, startsAt, endsAt, timezone, kind, owner, attendees, links, reminderOffsets);
    }
}
