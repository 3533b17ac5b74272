package dev.switchboard.webhooks.inbound;

import dev.switchboard.platform.secrets.SecretBox;
import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/**
 * The Resend signing secrets of the organization (several at once, for rotation): Resend events are routed to
 * the tenants whose secret verifies them (read through {@link ResendSigningKeys}, refreshed here on change).
 * Needs {@code webhooks.manage}; secrets are never shown back.
 */
public final class ResendSecretService {

    private final Db db;
    private final Changes changes;
    private final SecretBox box;
    private final ResendSigningKeys keys;

    ResendSecretService(Db db, Changes changes, SecretBox box, ResendSigningKeys keys) {
        this.db = db;
        this.changes = changes;
        this.box = box;
        this.keys = keys;
    }

    public Future<List<JsonObject>> list(Principal p, Pages page) {
        p.require(Permission.WEBHOOKS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> ResendSecretStore.list(conn, p.tenantId(), page));
    }

    public Future<JsonObject> add(Principal p, String secret) {
        p.require(Permission.WEBHOOKS_MANAGE);
        UUID id = Ids.next();
        return db.inTenant(p.tenantId(), conn -> ResendSecretStore.insert(conn, p.tenantId(), id, box.seal(secret))
                .compose(view -> changes.record(conn, p, Change.created("resend_signing_secret.created", "resend_signing_secret", id,
                        view)).map(view))).onSuccess(v -> keys.invalidate());
    }

    public Future<Void> delete(Principal p, UUID id) {
        p.require(Permission.WEBHOOKS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> ResendSecretStore.delete(conn, p.tenantId(), id).compose(deleted -> deleted
                ? changes.record(conn, p, Change.deleted("resend_signing_secret.deleted", "resend_signing_secret", id,
                        new JsonObject().put("id", id.toString())))
                : Future.failedFuture(ApiException.notFound("Resend signing secret")))).onSuccess(v -> keys.invalidate());
    }
}
