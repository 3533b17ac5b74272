package dev.switchboard.webhooks.inbound;

import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.Endpoint;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code POST /webhooks/in/{tenantSlug}/{hookId}}: Standard Webhooks-signed events for a tenant's hook, under the
 * {@code webhook-*} header names or Svix senders' {@code svix-*} ones. The signature is checked on the raw bytes
 * before anything is parsed; the event is stored with its {@code webhook.received} event, then answered 202.
 */
public final class TenantHookReceiver implements Endpoint {

    /** The shape of every organization slug (the organizations table checks it): anything else names no organization. */
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");

    private final HookDirectory hooks;
    private final Inbox inbox;
    private final Clock clock;

    TenantHookReceiver(HookDirectory hooks, Inbox inbox, Clock clock) {
        this.hooks = hooks;
        this.inbox = inbox;
        this.clock = clock;
    }

    @Override
    public void addRoutes(Router router) {
        router.post("/webhooks/in/:tenantSlug/:hookId").handler(this::receive);
    }

    @Override
    public String openApiFragment() {
        return "openapi/webhooks-in.json";
    }

    private void receive(RoutingContext ctx) {
        byte[] body = WebhookBodies.raw(ctx);
        SignatureCheck.Signed signed = SignatureCheck.headers(ctx.request().headers(), "webhook", "svix");
        target(ctx.pathParam("tenantSlug"), ctx.pathParam("hookId")).compose(hook -> {
            SignatureCheck.verify(hook.secret(), signed, body, clock.instant());
            JsonObject payload = WebhookBodies.jsonObject(body);
            return inbox.receiveProcessed(hook.tenantId(), TenantHookProcessor.PROVIDER, hook.id(), signed.id(), body,
                    ctx.request().headers(), id -> TenantHookProcessor.change(id, hook.id(), signed.id(), payload));
        }).onSuccess(stored -> ctx.response().setStatusCode(202).end()).onFailure(ctx::fail);
    }

    /**
     * The enabled hook the URL names; 404 for an unknown organization or hook, or a disabled hook. A slug that no
     * organization can have (a NUL byte, too long) is not looked up.
     */
    private Future<HookDirectory.Hook> target(String slug, String hookId) {
        if (slug == null || !SLUG.matcher(slug).matches()) {
            return Future.failedFuture(ApiException.notFound("inbound webhook"));
        }
        UUID id;
        try {
            id = UUID.fromString(hookId);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(ApiException.notFound("inbound webhook"));
        }
        return hooks.find(slug, id).compose(hook -> hook == null
                ? Future.failedFuture(ApiException.notFound("inbound webhook")) : Future.succeededFuture(hook));
    }
}
