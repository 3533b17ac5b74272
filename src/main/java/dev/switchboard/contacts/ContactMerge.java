package dev.switchboard.contacts;

import java.util.UUID;

/** Applies a partial update to a contact's current values. */
final class ContactMerge {

    private ContactMerge() {
    }

    /**
     * The current values with the fields {@code input} names replaced. A changed first or last name
     * without a new full name re-derives the full name from them.
     */
    static ContactValues merge(ContactValues current, ContactInput input) {
        ContactValues in = input.values();
        String first = input.has("firstName") ? in.firstName() : current.firstName();
        String last = input.has("lastName") ? in.lastName() : current.lastName();
        String fullName = input.has("fullName") ? in.fullName()
                : input.has("firstName") || input.has("lastName") ? derived(first, last, current.fullName()) : current.fullName();
        return new ContactValues(first, last, fullName,
                input.has("email") ? in.email() : current.email(),
                input.has("phone") ? in.phone() : current.phone(),
                input.has("company") ? in.company() : current.company(),
                input.has("region") ? in.region() : current.region(),
                input.has("tags") ? in.tags() : current.tags(),
                input.has("ownerUserId") ? in.ownerUserId() : current.ownerUserId(),
                input.has("teamId") ? in.teamId() : current.teamId(),
                input.has("customFields") ? in.customFields() : current.customFields());
    }

    static ContactValues withOwner(ContactValues v, UUID ownerUserId) {
        return new ContactValues(v.firstName(), v.lastName(), v.fullName(), v.email(), v.phone(), v.company(), v.region(),
                v.tags(), ownerUserId, v.teamId(), v.customFields());
    }

    private static String derived(String first, String last, String fallback) {
        return first == null && last == null ? fallback : null;
    }
}
