package dev.switchboard.cases;

import dev.switchboard.platform.http.Requests;
import dev.switchboard.platform.http.Responses;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/** Reading the case id of a route and answering with one case and its version as ETag. */
final class CaseReplies {

    private CaseReplies() {
    }

    static UUID caseId(RoutingContext ctx) {
        return Requests.pathId(ctx, "id", "case");
    }

    static void versioned(RoutingContext ctx, Future<Case> result) {
        Responses.replyVersioned(ctx, result, c -> c.toJson(), c -> c.version());
    }
}
