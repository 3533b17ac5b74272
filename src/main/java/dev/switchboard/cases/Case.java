package dev.switchboard.cases;

import dev.switchboard.tenancy.Timestamps;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * A pipeline record (lead, deal, ticket, matter): numbered per tenant, in one stage of its pipeline, owned
 * by a user or waiting in a queue (a claimed case keeps the queue it came from, for release). Archived
 * cases sit in the reserved stage {@value #ARCHIVED}; {@code previousStage} is where a restore returns.
 */
public record Case(UUID id, long number, String title, UUID contactId, UUID pipelineId, String stage, String previousStage,
                   String priority, UUID ownerUserId, UUID ownerQueueId, UUID teamId, String source, JsonObject campaign,
                   OffsetDateTime archivedAt, int version, UUID createdBy, OffsetDateTime createdAt, OffsetDateTime updatedAt,
                   JsonObject customFields) {

    public static final String ARCHIVED = "archived";
    public static final Set<String> PRIORITIES = Set.of("low", "normal", "high", "urgent");
    public static final Set<String> SOURCES = Set.of("manual", "meta", "email", "api");

    static final String COLUMNS = "c.id, c.number, c.title, c.contact_id, c.pipeline_id, c.stage, c.previous_stage, c.priority, "
            + "c.owner_user_id, c.owner_queue_id, c.team_id, c.source, c.campaign, c.archived_at, c.version, c.created_by, "
            + "c.created_at, c.updated_at, c.custom_fields";

    /** Reads the columns by position (statements select {@link #COLUMNS} first): no name lookups per row on the list path. */
    static final Function<Row, Case> FROM_ROW = row -> new Case(row.getUUID(0), row.getLong(1), row.getString(2),
            row.getUUID(3), row.getUUID(4), row.getString(5), row.getString(6),
            row.getString(7), row.getUUID(8), row.getUUID(9), row.getUUID(10),
            row.getString(11), (JsonObject) row.getValue(12), row.getOffsetDateTime(13),
            row.getInteger(14), row.getUUID(15), row.getOffsetDateTime(16),
            row.getOffsetDateTime(17), (JsonObject) row.getValue(18));

    public boolean archived() {
        return archivedAt != null;
    }

    /** Waiting in a queue for someone to claim it. */
    public boolean queued() {
        return ownerQueueId != null && ownerUserId == null;
    }

    boolean sameOwner(Case other) {
        return Objects.equals(ownerUserId, other.ownerUserId) && Objects.equals(ownerQueueId, other.ownerQueueId);
    }

    Case withStage(String newStage, String stageBefore) {
        return new Case(id, number, title, contactId, pipelineId, newStage, stageBefore, priority, ownerUserId, ownerQueueId, teamId,
                source, campaign, archivedAt, version, createdBy, createdAt, updatedAt, customFields);
    }

    Case withOwner(UUID userId, UUID queueId) {
        return new Case(id, number, title, contactId, pipelineId, stage, previousStage, priority, userId, queueId, teamId,
                source, campaign, archivedAt, version, createdBy, createdAt, updatedAt, customFields);
    }

    /** Archived (the database keeps the first archiving time) or restored. */
    Case withArchived(boolean archive, String newStage, String stageBefore) {
        return new Case(id, number, title, contactId, pipelineId, newStage, stageBefore, priority, ownerUserId, ownerQueueId, teamId,
                source, campaign, archive ? OffsetDateTime.now() : null, version, createdBy, createdAt, updatedAt,
                customFields);
    }

    Case withDetails(String newTitle, UUID newContactId, String newPriority, UUID newTeamId) {
        return new Case(id, number, newTitle, newContactId, pipelineId, stage, previousStage, newPriority, ownerUserId, ownerQueueId,
                newTeamId, source, campaign, archivedAt, version, createdBy, createdAt, updatedAt, customFields);
    }

    Case withCustomFields(JsonObject custom) {
        return new Case(id, number, title, contactId, pipelineId, stage, previousStage, priority, ownerUserId, ownerQueueId, teamId,
                source, campaign, archivedAt, version, createdBy, createdAt, updatedAt, custom);
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id.toString())
                .put("number", number)
                .put("title", title)
                .put("contactId", text(contactId))
                .put("pipelineId", pipelineId.toString())
                .put("stage", stage)
                .put("previousStage", previousStage)
                .put("priority", priority)
                .put("ownerUserId", text(ownerUserId))
                .put("ownerQueueId", text(ownerQueueId))
                .put("teamId", text(teamId))
                .put("source", source)
                .put("campaign", campaign)
                .put("archivedAt", Timestamps.format(archivedAt))
                .put("version", version)
                .put("createdBy", text(createdBy))
                .put("createdAt", Timestamps.format(createdAt))
                .put("updatedAt", Timestamps.format(updatedAt))
                .put("customFields", customFields);
    }

    /** The audit and event view: the meaningful fields, with the stage also as {@code status}. */
    JsonObject auditView() {
        return new JsonObject()
                .put("number", number)
                .put("title", title)
                .put("contactId", text(contactId))
                .put("pipelineId", pipelineId.toString())
                .put("stage", stage)
                .put("status", stage)
                .put("priority", priority)
                .put("ownerUserId", text(ownerUserId))
                .put("ownerQueueId", text(ownerQueueId))
                .put("teamId", text(teamId))
                .put("source", source)
                .put("archivedAt", Timestamps.format(archivedAt))
                .put("customFields", customFields);
    }

    private static String text(UUID id) {
        return id == null ? null : id.toString();
    }
}
