package dev.switchboard.webhooks.inbound;

import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.Endpoint;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
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
    private final String appSecret;
    private final String verifyToken;

    /** Either setting null turns the routes off (404). */
    public MetaReceiver(Db db, Inbox inbox, String appSecret, String verifyToken) {
        this.db = db;
        this.inbox = inbox;
        this.appSecret = appSecret;
        this.verifyToken = verifyToken;
    }

    @Override
    public void addRoutes(Router router) {
        if (appSecret == null || verifyToken == null) {
            return;
        }
        router.get("/webhooks/meta").handler(this::verify);
        router.post("/webhooks/meta").handler(this::receive);
    }

    private void verify(RoutingContext ctx) {
        MultiMap query = ctx.queryParams();
        String token = query.get("hub.verify_token");
        String challenge = query.get("hub.challenge");
        boolean tokenMatches = token != null && MessageDigest.isEqual(verifyToken.getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8));
        if (!"subscribe".equals(query.get("hub.mode")) || challenge == null || challenge.length() > MAX_CHALLENGE_LENGTH) {
            throw ApiException.badRequest("not a Meta subscription request");
        }
        if (!tokenMatches) {
            throw ApiException.forbidden("the verify token does not match");
        }
        ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8").end(challenge);
    }

    private void receive(RoutingContext ctx) {
        byte[] body = WebhookBodies.raw(ctx);
        if (!MetaSignature.matches(appSecret, ctx.request().getHeader("X-Hub-Signature-256"), body)) {
            throw ApiException.unauthorized("invalid webhook signature");
        }
        List<MetaLeads.Lead> leads = MetaLeads.of(WebhookBodies.jsonObject(body));
        MultiMap headers = ctx.request().headers();
        List<Future<Boolean>> stored = new ArrayList<>();
        for (MetaLeads.Lead lead : leads) {
            stored.add(db.withoutTenant(conn -> MetaPageStore.tenantOf(conn, lead.pageId())).compose(tenant -> tenant == null
                    ? inbox.receiveUnrouted(MetaProcessor.PROVIDER, lead.leadgenId(), body, headers,
                            "no organization has Facebook page " + lead.pageId())
                    : inbox.receive(tenant, MetaProcessor.PROVIDER, null, lead.leadgenId(), body, headers)));
        }
        Future.all(stored).onSuccess(v -> ctx.response().setStatusCode(200).end()).onFailure(ctx::fail);
    }
}
