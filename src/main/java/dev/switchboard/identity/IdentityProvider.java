package dev.switchboard.identity;

import dev.switchboard.platform.secrets.SecretBox;
import dev.switchboard.tenancy.Timestamps;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * An organization's OpenID Connect provider: found by its issuer's discovery document, signed in to as {@code clientId}
 * with the sealed {@code clientSecret}, chosen for the email domains it lists, sending people back only to the
 * redirect URIs it lists.
 */
record IdentityProvider(UUID tenantId, UUID id, String name, String issuer, String clientId, String sealedSecret,
                        List<String> domains, List<String> redirectUris, boolean enabled, int version, OffsetDateTime createdAt,
                        OffsetDateTime updatedAt) {

    static final String COLUMNS = "p.tenant_id, p.id, p.name, p.issuer, p.client_id, p.client_secret, p.redirect_uris, p.enabled, "
            + "p.version, p.created_at, p.updated_at, "
            + "coalesce((SELECT array_agg(d.domain ORDER BY d.domain) FROM identity_provider_domains d "
            + "WHERE d.tenant_id = p.tenant_id AND d.provider_id = p.id), '{}') AS domains";

    static final Function<Row, IdentityProvider> FROM_ROW = r -> new IdentityProvider(r.getUUID("tenant_id"), r.getUUID("id"),
            r.getString("name"), r.getString("issuer"), r.getString("client_id"), r.getString("client_secret"),
            List.of(r.getArrayOfStrings("domains")), List.of(r.getArrayOfStrings("redirect_uris")), r.getBoolean("enabled"),
            r.getInteger("version"), r.getOffsetDateTime("created_at"), r.getOffsetDateTime("updated_at"));

    /** The API view: the client secret only as a mask of its last characters. */
    JsonObject toJson(SecretBox box) {
        return auditView()
                .put("id", id.toString())
                .put("clientSecret", sealedSecret == null ? null : SecretBox.mask(box.open(sealedSecret)))
                .put("version", version)
                .put("createdAt", Timestamps.format(createdAt))
                .put("updatedAt", Timestamps.format(updatedAt));
    }

    /** What the audit log keeps: never the secret, only whether there is one. */
    JsonObject auditView() {
        return new JsonObject()
                .put("name", name)
                .put("issuer", issuer)
                .put("clientId", clientId)
                .put("hasClientSecret", sealedSecret != null)
                .put("domains", new JsonArray(domains))
                .put("redirectUris", new JsonArray(redirectUris))
                .put("enabled", enabled);
    }
}
