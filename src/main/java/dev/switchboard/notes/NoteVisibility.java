package dev.switchboard.notes;

import java.util.Set;

/** Who reads a note besides its author: nobody, members of its team, or the organization's staff. */
public enum NoteVisibility {
    PRIVATE, TEAM, ORG;

    public static final Set<String> NAMES = Set.of("private", "team", "org");

    public String wire() {
        return name().toLowerCase();
    }

    public static NoteVisibility fromWire(String value) {
        return valueOf(value.toUpperCase());
    }
}
