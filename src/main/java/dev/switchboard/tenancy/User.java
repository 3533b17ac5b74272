package dev.switchboard.tenancy;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.function.Function;

/** A member of one organization. The password hash never leaves the server. */
public record User(
        UUID tenantId,
        UUID id,
        String email,
        String fullName,
        Role role,
        boolean active,
        int version,
        OffsetDateTime createdAt,
        OffsetDateTime lastLoginAt,
        String passwordHash,
        String timezone,
        String avatarUrl) {

    static final String COLUMNS = "tenant_id, id, email, full_name, role, active, version, created_at, last_login_at, password_hash, "
            + "timezone, avatar_url";

    static final Function<Row, User> FROM_ROW = row -> new User(
            row.getUUID("tenant_id"),
            row.getUUID("id"),
            row.getString("email"),
            row.getString("full_name"),
            Role.fromWire(row.getString("role")),
            row.getBoolean("active"),
            row.getInteger("version"),
            row.getOffsetDateTime("created_at"),
            row.getOffsetDateTime("last_login_at"),
            row.getString("password_hash"),
            row.getString("timezone"),
            row.getString("avatar_url"));

    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id.toString())
                .put("email", email)
                .put("fullName", fullName)
                .put("role", role.wire())
                .put("active", active)
                .put("version", version)
                .put("createdAt", Timestamps.format(createdAt))
                .put("lastLoginAt", Timestamps.format(lastLoginAt))
                .put("timezone", timezone)
                .put("avatarUrl", avatarUrl);
    }

    /** What the audit log keeps of a profile change. */
    public JsonObject profileView() {
        return new JsonObject().put("fullName", fullName).put("timezone", timezone).put("avatarUrl", avatarUrl);
    }

    /** The audit view: what an administrator may see changed, never the hash. */
    public JsonObject auditView() {
        return new JsonObject().put("email", email).put("role", role.wire()).put("active", active);
    }
}
