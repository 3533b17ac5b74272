package dev.switchboard.identity;

import dev.switchboard.tenancy.Role;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.function.Function;

/** A user as SCIM sees them: the account's email is the SCIM {@code userName}. */
record ScimUser(UUID tenantId, UUID id, String email, String fullName, String givenName, String familyName, String externalId,
                boolean active, Role role, boolean scimManaged, int version, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    static final String COLUMNS = "tenant_id, id, email, full_name, given_name, family_name, external_id, active, role, "
            + "scim_managed, version, created_at, updated_at";

    static final Function<Row, ScimUser> FROM_ROW = r -> new ScimUser(r.getUUID("tenant_id"), r.getUUID("id"), r.getString("email"),
            r.getString("full_name"), r.getString("given_name"), r.getString("family_name"), r.getString("external_id"),
            r.getBoolean("active"), Role.fromWire(r.getString("role")), r.getBoolean("scim_managed"), r.getInteger("version"),
            r.getOffsetDateTime("created_at"), r.getOffsetDateTime("updated_at"));

    /** The attributes a SCIM client may set. */
    record Attributes(String email, String fullName, String givenName, String familyName, String externalId, boolean active) {
    }

    Attributes attributes() {
        return new Attributes(email, fullName, givenName, familyName, externalId, active);
    }

    /** What the audit log keeps of a provisioning change. */
    JsonObject auditView() {
        return new JsonObject().put("email", email).put("fullName", fullName).put("externalId", externalId)
                .put("role", role.wire()).put("active", active);
    }
}
