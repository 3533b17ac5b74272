package dev.switchboard.realtime;

import dev.switchboard.auth.Authenticator;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.platform.http.HttpServerVerticle;
import dev.switchboard.platform.http.RequestMeta;
import dev.switchboard.platform.http.Requests;
import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /ws} on the public HTTP port: upgrades the request and hands the socket to its session. A bearer token on
 * the upgrade is checked first, so a bad one is answered 401 like any API request instead of being upgraded.
 * A client may negotiate the {@value HttpServerVerticle#WEBSOCKET_SUBPROTOCOL} subprotocol; none is needed.
 */
public final class WebSocketEndpoint implements Endpoint {


    private final Sessions sessions;
    private final Authenticator authenticator;
    private final boolean trustForwardedFor;

    WebSocketEndpoint(Sessions sessions, Authenticator authenticator, boolean trustForwardedFor) {
        this.sessions = sessions;
        this.authenticator = authenticator;
        this.trustForwardedFor = trustForwardedFor;
    }

    @Override
    public void addRoutes(Router router) {
        router.get("/ws").handler(this::upgrade);
    }

    @Override
    public String openApiFragment() {
        return "openapi/websocket.json";
    }

    private void upgrade(RoutingContext ctx) {
        if (!Requests.isWebSocketUpgrade(ctx.request())) {
            ctx.fail(ApiException.badRequest("/ws expects a WebSocket upgrade"));
            return;
        }
        String token = Authenticator.bearerToken(ctx.request());
        var meta = Requests.meta(ctx, trustForwardedFor);
        if (token == null) {
            accept(ctx, meta, null);
            return;
        }
        // The session authenticates again (from the caches) to admit the socket; this only refuses early. The request
        // stays paused meanwhile: a request that has been read to its end can no longer be upgraded.
        ctx.request().pause();
        authenticator.authenticate(token, meta).onComplete(checked -> {
            if (checked.failed()) {
                ctx.fail(checked.cause());
            } else {
                accept(ctx, meta, token);
            }
        });
    }

    private void accept(RoutingContext ctx, RequestMeta meta, String token) {
        Future<ServerWebSocket> upgraded;
        try {
            upgraded = ctx.request().toWebSocket();
        } catch (IllegalStateException e) {
            upgraded = Future.failedFuture(e);
        }
        upgraded.onSuccess(ws -> sessions.open(ws, meta, token))
                .onFailure(err -> ctx.fail(ApiException.badRequest("WebSocket handshake failed: " + err.getMessage())));
    }
}
