package dev.switchboard.webhooks.inbound;

import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.Endpoint;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@code POST /webhooks/resend}: Svix-signed Resend events ({@code svix-*} or {@code webhook-*} headers). The
 * event belongs to every tenant whose configured Resend signing secret verifies it; {@code svix-id} deduplicates.
 */
public final class ResendReceiver implements Endpoint {

    private final Inbox inbox;
    private final Clock clock;
    private final ResendSigningKeys keys;

    ResendReceiver(Inbox inbox, Clock clock, ResendSigningKeys keys) {
        this.inbox = inbox;
        this.clock = clock;
        this.keys = keys;
    }

    @Override
    public void addRoutes(Router router) {
        router.post("/webhooks/resend").handler(this::receive);
    }

    @Override
    public String openApiFragment() {
        return "openapi/webhooks-resend.json";
    }

    private void receive(RoutingContext ctx) {
        byte[] body = WebhookBodies.raw(ctx);
        SignatureCheck.Signed signed = SignatureCheck.headers(ctx.request().headers(), "svix", "webhook");
        SignatureCheck.requireFresh(signed, clock.instant());
        keys.current().compose(candidates -> {
            Set<UUID> tenants = new LinkedHashSet<>();
            for (ResendSecretStore.Candidate candidate : candidates) {
                if (!tenants.contains(candidate.tenantId()) && SignatureCheck.matches(candidate.secret(), signed, body)) {
                    tenants.add(candidate.tenantId());
                }
            }
            if (tenants.isEmpty()) {
                return Future.failedFuture(ApiException.unauthorized("invalid webhook signature"));
            }
            JsonObject envelope = WebhookBodies.jsonObject(body);
            if (!(envelope.getValue("type") instanceof String)) {
                return Future.failedFuture(ApiException.badRequest("the event has no type"));
            }
            List<Future<Boolean>> stored = new ArrayList<>();
            tenants.forEach(tenant -> stored.add(inbox.receive(tenant, ResendProcessor.PROVIDER, null, signed.id(), body,
                    ctx.request().headers())));
            return Future.all(stored);
        }).onSuccess(stored -> ctx.response().setStatusCode(200).end()).onFailure(ctx::fail);
    }
}
