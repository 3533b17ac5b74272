package dev.switchboard.tasks;

import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.Visibility;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * Which tasks a caller sees: staff see them with {@code tasks.read_all}, as assignee, as creator or
 * through the task's team (the shared {@link Visibility} rule plus the creator); portal customers see
 * only tasks linked to their own contact.
 */
record TaskScope(Visibility visibility, UUID contactId) {

    private static final Visibility NOBODY = new Visibility(false, null, new UUID[0]);

    static TaskScope of(Principal p) {
        return p.isCustomer() ? new TaskScope(NOBODY, p.contactId()) : new TaskScope(Visibility.of(p, Permission.TASKS_READ_ALL), null);
    }

    /** The predicate on alias {@code t} using parameters {@code $first} to {@code $first+3}. */
    static String predicate(int first) {
        return "(" + Visibility.predicate(first, "t.assignee_user_id", "t.team_id")
                + " OR t.created_by = $" + (first + 1) + " OR t.contact_id = $" + (first + 3) + ")";
    }

    /** Appends the four parameters of {@link #predicate}. */
    Tuple bind(Tuple tuple) {
        return visibility.bind(tuple).addUUID(contactId);
    }
}
