package dev.switchboard.notifications;

import java.util.List;
import java.util.UUID;

/**
 * A notification to create for some recipients: named users, or (with {@code toManagers}) every
 * active manager and admin of the organization. The event's actor is never among them.
 */
record NotificationDraft(NotificationType type, List<UUID> recipients, boolean toManagers, String title, String body,
                         String link, String entityType, UUID entityId, String dedupeKey, List<String> handles) {

    NotificationDraft(NotificationType type, List<UUID> recipients, boolean toManagers, String title, String body, String link,
                      String entityType, UUID entityId, String dedupeKey) {
        this(type, recipients, toManagers, title, body, link, entityType, entityId, dedupeKey, List.of());
    }

    static NotificationDraft to(UUID recipient, NotificationType type, String title, String body, String link,
                                String entityType, UUID entityId) {
        return new NotificationDraft(type, List.of(recipient), false, title, body, link, entityType, entityId,
                type.wire() + ":" + entityType + ":" + entityId);
    }

    static NotificationDraft toManagers(NotificationType type, String title, String body, String link, String entityType,
                                        UUID entityId) {
        return new NotificationDraft(type, List.of(), true, title, body, link, entityType, entityId,
                type.wire() + ":" + entityType + ":" + entityId);
    }
}
