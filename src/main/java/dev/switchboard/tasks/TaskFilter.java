package dev.switchboard.tasks;

import java.time.OffsetDateTime;
import java.util.UUID;

/** The list filters of {@code GET /api/v1/tasks}; null means "any". */
record TaskFilter(String q, String status, UUID assigneeUserId, OffsetDateTime dueFrom, OffsetDateTime dueTo, boolean overdue,
                  UUID caseId, UUID contactId) {

    /** {@code q} as an ILIKE pattern matching it anywhere, with the pattern characters escaped. */
    String pattern() {
        return q == null ? null : "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
