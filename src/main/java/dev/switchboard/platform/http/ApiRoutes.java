package dev.switchboard.platform.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Declares authenticated API routes with the handlers every one of them needs: authentication first, then the
 * request budget, and on POST the {@code Idempotency-Key} handling. Endpoints list their routes through this; each
 * method returns the route it added.
 */
public final class ApiRoutes {

    private final Handler<RoutingContext> authenticate;
    private final Handler<RoutingContext> budget;
    private final Handler<RoutingContext> idempotency;

    /** Routes without a request budget. */
    public ApiRoutes(Handler<RoutingContext> authenticate, Handler<RoutingContext> idempotency) {
        this(authenticate, RoutingContext::next, idempotency);
    }

    public ApiRoutes(Handler<RoutingContext> authenticate, Handler<RoutingContext> budget, Handler<RoutingContext> idempotency) {
        this.authenticate = authenticate;
        this.budget = budget;
        this.idempotency = idempotency;
    }

    public Route get(Router router, String path, Handler<RoutingContext> handler) {
        return router.get(path).handler(authenticate).handler(budget).handler(handler);
    }

    public Route post(Router router, String path, Handler<RoutingContext> handler) {
        return router.post(path).handler(authenticate).handler(budget).handler(idempotency).handler(handler);
    }

    public Route put(Router router, String path, Handler<RoutingContext> handler) {
        return router.put(path).handler(authenticate).handler(budget).handler(handler);
    }

    public Route patch(Router router, String path, Handler<RoutingContext> handler) {
        return router.patch(path).handler(authenticate).handler(budget).handler(handler);
    }

    public Route delete(Router router, String path, Handler<RoutingContext> handler) {
        return router.delete(path).handler(authenticate).handler(budget).handler(handler);
    }
}
