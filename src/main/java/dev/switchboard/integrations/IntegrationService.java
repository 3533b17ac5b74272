package dev.switchboard.integrations;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.http.ExpectedVersion;
import dev.switchboard.platform.secrets.SecretBox;
import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The organization's integration settings: write-only secrets (masked on read), encrypted at rest, audited
 * without their values. Callers need {@code webhooks.manage}; the system reads them to fetch leads, received
 * mail and to send email.
 */
public final class IntegrationService {

    /** One organization's own Meta app, decrypted. */
    public record MetaApp(UUID tenantId, String appSecret, String verifyToken) {
    }

    private static final UUID SETTINGS_ENTITY = new UUID(0, 0);

    private final Db db;
    private final Changes changes;
    private final SecretBox box;

    public IntegrationService(Db db, Changes changes, SecretBox box) {
        this.db = db;
        this.changes = changes;
        this.box = box;
    }

    public Future<IntegrationSettings> get(Principal p) {
        p.require(Permission.WEBHOOKS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> read(conn, p.tenantId()));
    }

    /**
     * Sets the named secrets ({@code patch}: field to new value, null clears it); the others keep their value.
     * 409/412 when {@code expected} is stale. Records {@code integrations.updated} naming the changed fields.
     */
    public Future<IntegrationSettings> update(Principal p, Map<String, String> patch, ExpectedVersion expected) {
        p.require(Permission.WEBHOOKS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> read(conn, p.tenantId()).compose(before -> {
            if (expected != null && !expected.matches(before.version())) {
                return Future.failedFuture(ExpectedVersion.staleOr(expected, "the integration settings"));
            }
            Map<String, String> values = before.values();
            values.putAll(patch);
            IntegrationSettings wanted = IntegrationSettings.of(values, before.version(), before.updatedAt());
            List<String> changed = before.changedIn(wanted);
            if (changed.isEmpty()) {
                return Future.succeededFuture(before);
            }
            IntegrationStore.Sealed sealed = new IntegrationStore.Sealed(box.seal(wanted.metaAppSecret()), box.seal(wanted.metaVerifyToken()),
                    box.seal(wanted.metaPageAccessToken()), box.seal(wanted.resendApiKey()), 0, null);
            return IntegrationStore.save(conn, p.tenantId(), sealed, ExpectedVersion.orRead(expected, before.version())).compose(saved -> !saved
                    ? Future.failedFuture(ExpectedVersion.staleOr(expected, "the integration settings"))
                    : read(conn, p.tenantId()).compose(after -> changes.record(conn, p, Change.updated("integrations.updated",
                            "integration_settings", SETTINGS_ENTITY, before.auditView(), after.auditView())
                            .withDetails(new JsonObject().put("changed", new io.vertx.core.json.JsonArray(changed)))).map(after)));
        }));
    }

    /** The organization's settings, decrypted, for the system's own use (never to be shown). */
    public Future<IntegrationSettings> forSystem(UUID tenantId) {
        return db.inTenant(tenantId, conn -> read(conn, tenantId));
    }

    /** The Resend API key the organization set, or null. */
    public Future<String> resendApiKey(UUID tenantId) {
        return forSystem(tenantId).map(IntegrationSettings::resendApiKey);
    }

    /** Every active organization's own Meta app credentials, for routing Meta requests signed by those apps. */
    public Future<List<MetaApp>> metaApps() {
        return db.withoutTenant(IntegrationStore::metaApps).map(apps -> {
            List<MetaApp> out = new ArrayList<>(apps.size());
            apps.forEach(a -> out.add(new MetaApp(a.tenantId(), box.open(a.appSecret()), box.open(a.verifyToken()))));
            return out;
        });
    }

    private Future<IntegrationSettings> read(SqlConnection conn, UUID tenantId) {
        return IntegrationStore.find(conn, tenantId).map(s -> s == null ? IntegrationSettings.NONE
                : new IntegrationSettings(box.open(s.metaAppSecret()), box.open(s.metaVerifyToken()), box.open(s.metaPageAccessToken()),
                        box.open(s.resendApiKey()), s.version(), s.updatedAt()));
    }
}
