package dev.switchboard.webhooks.inbound;

import dev.switchboard.platform.secrets.SecretBox;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.Endpoint;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.UUID;

/**
 * {@code POST /webhooks/in/{tenantSlug}/{hookId}}: Standard Webhooks-signed events for a tenant's hook. The
 * signature is checked on the raw bytes before anything is parsed; the event is stored, then answered 202.
 */
public final class TenantHookReceiver implements Endpoint {

    private record Target(UUID tenantId, InboundHook hook) {
    }

    private final Db db;
    private final Inbox inbox;
    private final Clock clock;
    private final SecretBox box;

    public TenantHookReceiver(Db db, Inbox inbox, Clock clock, SecretBox box) {
        this.db = db;
        this.inbox = inbox;
        this.clock = clock;
        this.box = box;
    }

    @Override
    public void addRoutes(Router router) {
        router.post("/webhooks/in/:tenantSlug/:hookId").handler(this::receive);
    }

    private void receive(RoutingContext ctx) {
        byte[] body = WebhookBodies.raw(ctx);
        SignatureCheck.Signed signed = SignatureCheck.headers(ctx.request().headers(), "webhook");
        target(ctx.pathParam("tenantSlug"), ctx.pathParam("hookId")).compose(target -> {
            SignatureCheck.verify(box.open(target.hook().secret()), signed, body, clock.instant());
            WebhookBodies.jsonObject(body);
            return inbox.receive(target.tenantId(), TenantHookProcessor.PROVIDER, target.hook().id(), signed.id(), body,
                    ctx.request().headers());
        }).onSuccess(stored -> ctx.response().setStatusCode(202).end()).onFailure(ctx::fail);
    }

    /** The enabled hook the URL names; 404 for an unknown organization or hook, or a disabled hook. */
    private Future<Target> target(String slug, String hookId) {
        UUID id;
        try {
            id = UUID.fromString(hookId);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(ApiException.notFound("inbound webhook"));
        }
        return db.withoutTenant(conn -> InboundHookStore.tenantBySlug(conn, slug)).compose(tenantId -> tenantId == null
                ? Future.failedFuture(ApiException.notFound("inbound webhook"))
                : db.inTenant(tenantId, conn -> InboundHookStore.find(conn, tenantId, id)).compose(hook -> hook == null || !hook.enabled()
                        ? Future.failedFuture(ApiException.notFound("inbound webhook"))
                        : Future.succeededFuture(new Target(tenantId, hook))));
    }
}
