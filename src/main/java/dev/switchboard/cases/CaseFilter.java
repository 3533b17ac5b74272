package dev.switchboard.cases;

import java.util.UUID;

/**
 * List filters for cases; null fields do not filter. {@code archived} selects archived cases instead of active ones;
 * {@code labelIds} keeps the cases carrying every one of those managed labels.
 */
public record CaseFilter(String stage, UUID ownerUserId, UUID ownerQueueId, String priority, UUID contactId, String query,
                         boolean archived, UUID[] labelIds) {

    /** The title search as an ILIKE pattern, with the caller's wildcards taken literally. */
    String titlePattern() {
        return query == null ? null : "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
