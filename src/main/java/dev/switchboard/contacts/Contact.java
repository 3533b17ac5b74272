package dev.switchboard.contacts;

import dev.switchboard.tenancy.Timestamps;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** A person or customer the organization works with. */
public record Contact(UUID id, ContactValues values, int version, OffsetDateTime createdAt, OffsetDateTime updatedAt,
                      OffsetDateTime archivedAt, UUID mergedIntoId) {

    static final String COLUMNS = "c.id, c.first_name, c.last_name, c.full_name, c.email, c.phone, c.company, c.region, c.tags, "
            + "c.owner_user_id, c.team_id, c.custom_fields, c.version, c.created_at, c.updated_at, c.archived_at, "
            + "c.merged_into_id";

    static final Function<Row, Contact> FROM_ROW = row -> new Contact(row.getUUID("id"),
            new ContactValues(row.getString("first_name"), row.getString("last_name"), row.getString("full_name"),
                    row.getString("email"), row.getString("phone"), row.getString("company"), row.getString("region"),
                    List.of(row.getArrayOfStrings("tags")), row.getUUID("owner_user_id"), row.getUUID("team_id"),
                    (JsonObject) row.getJson("custom_fields")),
            row.getInteger("version"), row.getOffsetDateTime("created_at"), row.getOffsetDateTime("updated_at"),
            row.getOffsetDateTime("archived_at"), row.getUUID("merged_into_id"));

    public UUID ownerUserId() {
        return values.ownerUserId();
    }

    public UUID teamId() {
        return values.teamId();
    }

    public boolean archived() {
        return archivedAt != null;
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id.toString())
                .put("firstName", values.firstName())
                .put("lastName", values.lastName())
                .put("fullName", values.fullName())
                .put("email", values.email())
                .put("phone", values.phone())
                .put("company", values.company())
                .put("region", values.region())
                .put("tags", new JsonArray(values.tags()))
                .put("ownerUserId", string(values.ownerUserId()))
                .put("teamId", string(values.teamId()))
                .put("customFields", values.customFields())
                .put("version", version)
                .put("createdAt", Timestamps.format(createdAt))
                .put("updatedAt", Timestamps.format(updatedAt))
                .put("archivedAt", Timestamps.format(archivedAt))
                .put("mergedIntoId", string(mergedIntoId));
    }

    /** What the audit log and events show: the meaningful fields, the owner, team and status. */
    public JsonObject auditView() {
        return new JsonObject()
                .put("contactId", id.toString())
                .put("fullName", values.fullName())
                .put("email", values.email())
                .put("phone", values.phone())
                .put("company", values.company())
                .put("region", values.region())
                .put("tags", new JsonArray(values.tags()))
                .put("ownerUserId", string(values.ownerUserId()))
                .put("teamId", string(values.teamId()))
                .put("status", mergedIntoId != null ? "merged" : archived() ? "archived" : "active")
                .put("version", version);
    }

    private static String string(UUID id) {
        return id == null ? null : id.toString();
    }
}
