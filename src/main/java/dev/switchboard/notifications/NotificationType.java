package dev.switchboard.notifications;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The kinds of notification a user can receive, and switch off per channel. */
public enum NotificationType {

    CASE_ASSIGNED, CASE_STATUS_CHANGED, TASK_ASSIGNED, HANDOFF_READY, HANDOFF_ACCEPTED, HANDOFF_DENIED,
    CONVERSATION_ASSIGNED, MENTION, AUTOMATION;

    private static final Map<String, NotificationType> BY_WIRE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(NotificationType::wire, Function.identity()));

    public String wire() {
        return name().toLowerCase();
    }

    /** The type named {@code wire}, or null. */
    public static NotificationType fromWire(String wire) {
        return BY_WIRE.get(wire);
    }
}
