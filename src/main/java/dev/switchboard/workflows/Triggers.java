package dev.switchboard.workflows;

import java.util.Set;

/** The trigger types a workflow may start from: committed domain events, and the sweeper's clock. */
final class Triggers {

    /** Event triggers (PRODUCT.md §7). */
    static final Set<String> EVENTS = Set.of("case.created", "case.status_changed", "case.assigned", "case.updated",
            "task.created", "task.completed", "conversation.created", "message.received", "message.classified", "appointment.created",
            "lead.received", "webhook.received");

    static final String APPOINTMENT_UPCOMING = "appointment.upcoming";
    static final String TASK_DUE = "task.due";
    static final String TASK_OVERDUE = "task.overdue";
    static final String INACTIVITY = "inactivity";
    static final String SCHEDULE = "schedule";

    /** Clock triggers, evaluated by the sweeper. */
    static final Set<String> CLOCK = Set.of(APPOINTMENT_UPCOMING, TASK_DUE, TASK_OVERDUE, INACTIVITY, SCHEDULE);

    /** Record types an inactivity trigger may watch. */
    static final Set<String> INACTIVITY_TYPES = Set.of("case", "contact", "conversation", "task");

    private Triggers() {
    }

    static boolean isClock(String type) {
        return CLOCK.contains(type);
    }
}
