package dev.switchboard.email;

import dev.switchboard.tenancy.Timestamps;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.function.Function;

/** One saved version of an email template. */
public record TemplateVersion(int version, String name, String subject, String html, UUID createdBy, OffsetDateTime createdAt) {

    static final String COLUMNS = "version, name, subject, html, created_by, created_at";

    static final Function<Row, TemplateVersion> FROM_ROW = row -> new TemplateVersion(row.getInteger("version"),
            row.getString("name"), row.getString("subject"), row.getString("html"), row.getUUID("created_by"),
            row.getOffsetDateTime("created_at"));

    public JsonObject toJson() {
        return new JsonObject()
                .put("version", version)
                .put("name", name)
                .put("subject", subject)
                .put("html", html)
                .put("createdBy", createdBy == null ? null : createdBy.toString())
                .put("createdAt", Timestamps.format(createdAt));
    }
}
