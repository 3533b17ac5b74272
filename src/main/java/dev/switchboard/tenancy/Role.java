package dev.switchboard.tenancy;

import static dev.switchboard.tenancy.Permission.*;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Roles, ordered by level, each with its default permissions. A user's effective permissions are
 * these defaults plus their grants minus their revocations.
 */
public enum Role {

    ADMIN(100, Permission.ALL),
    MANAGER(75, Set.of(CONTACTS_READ_ALL, CONTACTS_WRITE, CASES_READ_ALL, CASES_WRITE, CASES_DELETE,
            TASKS_READ_ALL, TASKS_WRITE, TASKS_DELETE, NOTES_READ_TEAM, NOTES_WRITE, CALENDAR_READ_DETAILS,
            CALENDAR_WRITE, CONVERSATIONS_READ_ALL, CONVERSATIONS_WRITE, USERS_READ, TEAMS_MANAGE, AUDIT_READ,
            WORKFLOWS_MANAGE, DATA_EXPORT, DATA_IMPORT, LABELS_MANAGE)),
    AGENT(50, Set.of(CONTACTS_WRITE, CASES_WRITE, TASKS_WRITE, NOTES_READ_TEAM, NOTES_WRITE, CALENDAR_WRITE,
            CONVERSATIONS_WRITE, USERS_READ)),
    VIEWER(10, Set.of(USERS_READ, CONTACTS_READ_ALL, CASES_READ_ALL, TASKS_READ_ALL, CONVERSATIONS_READ_ALL)),
    CUSTOMER(5, Set.of());

    public static final Set<String> NAMES = Arrays.stream(values()).map(Role::wire).collect(Collectors.toUnmodifiableSet());

    private final int level;
    private final Set<String> defaults;

    Role(int level, Set<String> defaults) {
        this.level = level;
        this.defaults = Set.copyOf(defaults);
    }

    public int level() {
        return level;
    }

    public Set<String> defaults() {
        return defaults;
    }

    public boolean atLeast(Role other) {
        return level >= other.level;
    }

    public String wire() {
        return name().toLowerCase();
    }

    public static Role fromWire(String value) {
        return valueOf(value.toUpperCase());
    }

    /** Effective permissions: this role's defaults, plus {@code grants}, minus {@code revocations}. */
    public Set<String> effective(Set<String> grants, Set<String> revocations) {
        Set<String> out = new HashSet<>(defaults);
        out.addAll(grants);
        out.removeAll(revocations);
        return Set.copyOf(out);
    }
}
