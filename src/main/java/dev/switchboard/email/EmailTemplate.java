package dev.switchboard.email;

import dev.switchboard.tenancy.Timestamps;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.function.Function;

/** An email template of one organization, at its current version. */
public record EmailTemplate(UUID id, String name, String subject, String html, int version, OffsetDateTime createdAt,
                            OffsetDateTime updatedAt) {

    static final String COLUMNS = "id, name, subject, html, version, created_at, updated_at";

    static final Function<Row, EmailTemplate> FROM_ROW = row -> new EmailTemplate(row.getUUID("id"), row.getString("name"),
            row.getString("subject"), row.getString("html"), row.getInteger("version"), row.getOffsetDateTime("created_at"),
            row.getOffsetDateTime("updated_at"));

    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id.toString())
                .put("name", name)
                .put("subject", subject)
                .put("html", html)
                .put("version", version)
                .put("createdAt", Timestamps.format(createdAt))
                .put("updatedAt", Timestamps.format(updatedAt));
    }

    JsonObject auditView() {
        return new JsonObject().put("name", name).put("subject", subject).put("version", version);
    }
}
