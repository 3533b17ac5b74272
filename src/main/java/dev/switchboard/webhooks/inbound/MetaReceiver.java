package dev.switchboard.webhooks.inbound;

import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.Endpoint;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /webhooks/meta}: Meta's subscription handshake (GET) and lead notifications (POST, signed with the
 * app secret). Each lead is stored once per {@code leadgen_id} for the organization owning its page; a lead
 * of an unknown page is stored as unroutable and still answered 200, so Meta does not retry it forever.
 */
public final class MetaReceiver implements Endpoint {

    private static final int MAX_CHALLENGE_LENGTH = 200;

    private final Db db;
    private final Inbox inbox;
    private final MetaApps apps;

    public MetaReceiver(Db db, Inbox inbox, MetaApps apps) {
        this.db = db;
        this.inbox = inbox;
        this.apps = apps;
    }

    @Override
    public void addRoutes(Router router) {
        router.get("/webhooks/meta").handler(this::verify);
        router.post("/webhooks/meta").handler(this::receive);
    }

    @Override
    public String openApiFragment() {
        return "openapi/webhooks-meta.json";
    }

    private void verify(RoutingContext ctx) {
        MultiMap query = ctx.queryParams();
        String challenge = query.get("hub.challenge");
        if (!"subscribe".equals(query.get("hub.mode")) || challenge == null || challenge.length() > MAX_CHALLENGE_LENGTH) {
            throw ApiException.badRequest("not a Meta subscription request");
        }
        apps.verifyTokenMatches(query.get("hub.verify_token")).onSuccess(matches -> {
            if (!matches) {
                ctx.fail(ApiException.forbidden("the verify token does not match"));
                return;
            }
            ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8").end(challenge);
        }).onFailure(ctx::fail);
    }

    private void receive(RoutingContext ctx) {
        byte[] body = WebhookBodies.raw(ctx);
        MultiMap headers = ctx.request().headers();
        apps.signer(headers.get("X-Hub-Signature-256"), body).compose(signer -> {
            if (signer == null) {
                return Future.failedFuture(ApiException.unauthorized("invalid webhook signature"));
            }
            List<MetaLeads.Lead> leads = MetaLeads.of(WebhookBodies.jsonObject(body));
            List<Future<Boolean>> stored = new ArrayList<>();
            for (MetaLeads.Lead lead : leads) {
                stored.add(db.withoutTenant(conn -> MetaPageStore.tenantOf(conn, lead.pageId())).compose(tenant -> tenant == null
                        ? inbox.receiveUnrouted(MetaProcessor.PROVIDER, lead.leadgenId(), body, headers,
                                "no organization has Facebook page " + lead.pageId())
                        : !signer.mayRoute(tenant)
                        ? inbox.receiveUnrouted(MetaProcessor.PROVIDER, lead.leadgenId(), body, headers,
                                "Facebook page " + lead.pageId() + " does not belong to the organization whose Meta app signed the lead")
                        : inbox.receive(tenant, MetaProcessor.PROVIDER, null, lead.leadgenId(), body, headers)));
            }
            return Future.all(stored);
        }).onSuccess(v -> ctx.response().setStatusCode(200).end()).onFailure(ctx::fail);
    }
}
