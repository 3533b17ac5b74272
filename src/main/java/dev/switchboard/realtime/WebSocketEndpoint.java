package dev.switchboard.realtime;

import dev.switchboard.auth.Authenticator;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.platform.http.Requests;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code /ws} on the public HTTP port: upgrades the request and hands the socket to its session. */
public final class WebSocketEndpoint implements Endpoint {


    private final Sessions sessions;
    private final boolean trustForwardedFor;

    WebSocketEndpoint(Sessions sessions, boolean trustForwardedFor) {
        this.sessions = sessions;
        this.trustForwardedFor = trustForwardedFor;
    }

    @Override
    public void addRoutes(Router router) {
        router.get("/ws").handler(this::upgrade);
    }

    private void upgrade(RoutingContext ctx) {
        if (!"websocket".equalsIgnoreCase(ctx.request().getHeader("Upgrade"))) {
            ctx.fail(ApiException.badRequest("/ws expects a WebSocket upgrade"));
            return;
        }
        String token = Authenticator.bearerToken(ctx.request());
        var meta = Requests.meta(ctx, trustForwardedFor);
        ctx.request().toWebSocket()
                .onSuccess(ws -> sessions.open(ws, meta, token))
                .onFailure(err -> ctx.fail(ApiException.badRequest("WebSocket handshake failed: " + err.getMessage())));
    }
}
