package dev.switchboard.ai;

import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.platform.http.Requests;
import dev.switchboard.platform.http.Responses;
import dev.switchboard.platform.http.Validator;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/**
 * The AI assist features: summaries of cases, conversations and notes; reply drafts (streamed as server-sent events
 * when the client accepts {@code text/event-stream}) and their acceptance; task proposals from a sentence; and the
 * organization's AI use.
 */
public final class AiEndpoint implements Endpoint {

    private final RecordSummaries summaries;
    private final ReplyDrafts drafts;
    private final TaskProposals tasks;
    private final AiStats stats;
    private final ApiRoutes routes;

    AiEndpoint(RecordSummaries summaries, ReplyDrafts drafts, TaskProposals tasks, AiStats stats, ApiRoutes routes) {
        this.summaries = summaries;
        this.drafts = drafts;
        this.tasks = tasks;
        this.stats = stats;
        this.routes = routes;
    }

    @Override
    public void addRoutes(Router router) {
        routes.post(router, "/api/v1/cases/:id/ai-summary", ctx -> reply(ctx, summaries.ofCase(Principal.of(ctx), id(ctx, "case"))));
        routes.post(router, "/api/v1/conversations/:id/ai-summary",
                ctx -> reply(ctx, summaries.ofConversation(Principal.of(ctx), id(ctx, "conversation"))));
        routes.post(router, "/api/v1/notes/:id/ai-summary", ctx -> reply(ctx, summaries.ofNote(Principal.of(ctx), id(ctx, "note"))));
        routes.post(router, "/api/v1/conversations/:id/ai-drafts", this::draft);
        routes.get(router, "/api/v1/conversations/:id/ai-drafts", this::listDrafts);
        routes.post(router, "/api/v1/ai-drafts/:id/accept", this::accept);
        routes.post(router, "/api/v1/ai-drafts/:id/reject",
                ctx -> Responses.reply(ctx, drafts.reject(Principal.of(ctx), id(ctx, "draft")), ReplyDraft::toJson));
        routes.post(router, "/api/v1/ai/task-proposals", this::proposeTask);
        routes.get(router, "/api/v1/ai/stats", ctx -> reply(ctx, stats.of(Principal.of(ctx))));
    }

    @Override
    public String openApiFragment() {
        return "openapi/ai.json";
    }

    private void draft(RoutingContext ctx) {
        Principal p = Principal.of(ctx);
        UUID conversationId = id(ctx, "conversation");
        String accept = ctx.request().getHeader("Accept");
        if (accept == null || !accept.contains(DraftStream.CONTENT_TYPE)) {
            Responses.replyCreated(ctx, drafts.draft(p, conversationId, null), ReplyDraft::toJson);
            return;
        }
        DraftStream stream = new DraftStream(ctx);
        drafts.draft(p, conversationId, stream::text).onComplete(stream::finish);
    }

    private void listDrafts(RoutingContext ctx) {
        Pages page = Pages.of(ctx);
        Responses.replyPage(ctx, drafts.list(Principal.of(ctx), id(ctx, "conversation"), page), page, ReplyDraft::toJson, ReplyDraft::id);
    }

    private void accept(RoutingContext ctx) {
        JsonObject body = Requests.optionalJsonBody(ctx);
        Validator v = new Validator(body == null ? new JsonObject() : body);
        String edited = v.optionalString("body", 5000);
        v.check();
        Responses.reply(ctx, drafts.accept(Principal.of(ctx), id(ctx, "draft"), edited),
                a -> a.draft().toJson().put("message", a.message().toJson()));
    }

    private void proposeTask(RoutingContext ctx) {
        Validator v = new Validator(Requests.jsonBody(ctx));
        String text = v.requiredString("text", TaskProposals.MAX_TEXT);
        UUID caseId = v.optionalUuid("caseId");
        UUID contactId = v.optionalUuid("contactId");
        v.check();
        reply(ctx, tasks.propose(Principal.of(ctx), text, caseId, contactId));
    }

    private static void reply(RoutingContext ctx, Future<JsonObject> result) {
        Responses.reply(ctx, result, json -> json);
    }

    private static UUID id(RoutingContext ctx, String what) {
        return Requests.pathId(ctx, "id", what);
    }
}
