package dev.switchboard.webhooks.inbound;

import dev.switchboard.platform.secrets.SecretBox;
import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.ExpectedVersion;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.webhooks.outbound.WebhookSignature;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.UUID;

/** The organization's inbound hooks. Needs {@code webhooks.manage}. */
public final class InboundHookService {

    /** What a caller may set on a hook. */
    record Settings(String name, Boolean enabled) {
    }

    private final Db db;
    private final Changes changes;
    private final SecretBox box;
    private final HookDirectory hooks;

    InboundHookService(Db db, Changes changes, SecretBox box, HookDirectory hooks) {
        this.db = db;
        this.changes = changes;
        this.box = box;
        this.hooks = hooks;
    }

    public Future<List<InboundHook>> list(Principal p, Pages page) {
        p.require(Permission.WEBHOOKS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> InboundHookStore.list(conn, p.tenantId(), page));
    }

    public Future<InboundHook> get(Principal p, UUID id) {
        p.require(Permission.WEBHOOKS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id));
    }

    /** Creates a hook with a new {@code whsec_} secret; the answer is the only time the secret is shown. */
    public Future<InboundHook> create(Principal p, Settings settings) {
        p.require(Permission.WEBHOOKS_MANAGE);
        UUID id = Ids.next();
        boolean enabled = !Boolean.FALSE.equals(settings.enabled());
        String secret = WebhookSignature.newSecret();
        return db.inTenant(p.tenantId(), conn -> InboundHookStore.insert(conn, p.tenantId(), id, settings.name(), box.seal(secret), enabled)
                .compose(v -> existing(conn, p, id))
                .compose(h -> changes.record(conn, p, Change.created("inbound_webhook.created", "inbound_webhook", id, h.auditView()))
                        .map(h.withSecret(secret))));
    }

    /** Renames or enables/disables; fields left out keep their value. 409/412 when {@code expected} is stale. */
    public Future<InboundHook> update(Principal p, UUID id, Settings settings, ExpectedVersion expected) {
        p.require(Permission.WEBHOOKS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id).compose(before -> InboundHookStore.update(conn, p.tenantId(), id,
                settings.name() == null ? before.name() : settings.name(),
                settings.enabled() == null ? before.enabled() : settings.enabled(), ExpectedVersion.orRead(expected, before.version())).compose(updated -> updated
                ? existing(conn, p, id).compose(after -> changes.record(conn, p, Change.updated("inbound_webhook.updated",
                        "inbound_webhook", id, before.auditView(), after.auditView())).map(after))
                : Future.failedFuture(ExpectedVersion.staleOr(expected, "the inbound webhook"))))).onSuccess(h -> hooks.forget(id));
    }

    public Future<Void> delete(Principal p, UUID id) {
        p.require(Permission.WEBHOOKS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id).compose(h -> InboundHookStore.delete(conn, p.tenantId(), id)
                .compose(v -> changes.record(conn, p, Change.deleted("inbound_webhook.deleted", "inbound_webhook", id, h.auditView())))))
                .onSuccess(v -> hooks.forget(id));
    }

    private static Future<InboundHook> existing(SqlConnection conn, Principal p, UUID id) {
        return InboundHookStore.find(conn, p.tenantId(), id).compose(h -> h == null
                ? Future.failedFuture(ApiException.notFound("inbound webhook")) : Future.succeededFuture(h));
    }
}
