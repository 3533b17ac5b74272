package dev.switchboard.tasks;

import java.util.Set;

/**
 * A partial update: only the fields present in the request body change. Setting one kind of assignee
 * clears the other unless both are sent.
 */
record TaskPatch(Set<String> present, TaskFields values) {

    static final String STATUS = "status";

    /** True when the patch changes nothing but the status, which an assignee may always do. */
    boolean onlyStatus() {
        return Set.of(STATUS).containsAll(present);
    }

    TaskFields applyTo(Task before) {
        boolean user = present.contains("assigneeUserId");
        boolean queue = present.contains("assigneeQueueId");
        return new TaskFields(
                present.contains("title") ? values.title() : before.title(),
                present.contains("description") ? values.description() : before.description(),
                present.contains("caseId") ? values.caseId() : before.caseId(),
                present.contains("contactId") ? values.contactId() : before.contactId(),
                user ? values.assigneeUserId() : queue && values.assigneeQueueId() != null ? null : before.assigneeUserId(),
                queue ? values.assigneeQueueId() : user && values.assigneeUserId() != null ? null : before.assigneeQueueId(),
                present.contains("dueAt") ? values.dueAt() : before.dueAt(),
                present.contains("priority") ? values.priority() : before.priority(),
                present.contains(STATUS) ? values.status() : before.status(),
                present.contains("teamId") ? values.teamId() : before.teamId(),
                before.customFields());
    }
}
