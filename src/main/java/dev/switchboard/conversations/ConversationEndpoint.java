package dev.switchboard.conversations;

import dev.switchboard.fields.CustomFieldFilter;
import dev.switchboard.fields.CustomFieldSort;
import dev.switchboard.labels.LabelFilter;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.platform.http.ExpectedVersion;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.platform.http.Requests;
import dev.switchboard.platform.http.Responses;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.UUID;

/** {@code /api/v1/conversations}: conversations, read receipts and unread counts. Messages: {@link MessageEndpoint}. */
public final class ConversationEndpoint implements Endpoint {

    private final ConversationService conversations;
    private final ApiRoutes routes;

    public ConversationEndpoint(ConversationService conversations, ApiRoutes routes) {
        this.conversations = conversations;
        this.routes = routes;
    }

    @Override
    public void addRoutes(Router router) {
        routes.get(router, "/api/v1/conversations", this::list);
        routes.post(router, "/api/v1/conversations", this::create);
        routes.get(router, "/api/v1/conversations/unread", this::unread);
        routes.get(router, "/api/v1/conversations/:id", this::get);
        routes.patch(router, "/api/v1/conversations/:id", this::update);
        routes.post(router, "/api/v1/conversations/:id/read", this::markRead);
    }

    /** The one OpenAPI fragment of the feature; it documents the message routes too. */
    @Override
    public String openApiFragment() {
        return "openapi/conversations.json";
    }

    private void list(RoutingContext ctx) {
        Pages page = Pages.sorted(ctx, true, CustomFieldFilter.PREFIX);
        String label = ctx.queryParams().get("label");
        ConversationStore.Filter filter = new ConversationStore.Filter(label == null ? null : label.trim().toLowerCase(),
                oneOf(ctx, "status", Conversation.STATUSES), oneOf(ctx, "channel", Conversation.CHANNELS),
                uuidParam(ctx, "assigneeUserId"), uuidParam(ctx, "teamId"), uuidParam(ctx, "contactId"),
                LabelFilter.ids(ctx.queryParams()));
        Responses.replyPage(ctx, conversations.list(Principal.of(ctx), filter, ctx.queryParams(), page), page, Conversation::toJson,
                Conversation::id, c -> CustomFieldSort.value(page, c.customFields()));
    }

    private void create(RoutingContext ctx) {
        ConversationFields fields = ConversationInput.create(Requests.jsonBody(ctx));
        Responses.replyCreated(ctx, conversations.create(Principal.of(ctx), fields), Conversation::toJson);
    }

    private void unread(RoutingContext ctx) {
        Responses.reply(ctx, conversations.unread(Principal.of(ctx)), json -> json);
    }

    private void get(RoutingContext ctx) {
        reply(ctx, conversations.get(Principal.of(ctx), conversationId(ctx)));
    }

    private void update(RoutingContext ctx) {
        UUID id = conversationId(ctx);
        JsonObject body = Requests.jsonBody(ctx);
        ConversationFields patch = ConversationInput.patch(body);
        ExpectedVersion expected = ExpectedVersion.of(ctx, body);
        reply(ctx, conversations.update(Principal.of(ctx), id, patch, ConversationInput.presentFields(body), expected));
    }

    private void markRead(RoutingContext ctx) {
        UUID id = conversationId(ctx);
        Object upTo = Requests.optionalJsonBody(ctx).getValue("upToMessageId");
        UUID messageId = upTo instanceof String s ? Ids.parse(s) : null;
        if (upTo != null && messageId == null) {
            throw ApiException.invalid("upToMessageId", "must be a message id");
        }
        Responses.reply(ctx, conversations.markRead(Principal.of(ctx), id, messageId), Conversation::toJson);
    }

    static UUID conversationId(RoutingContext ctx) {
        return Requests.pathId(ctx, "id", "conversation");
    }

    private static String oneOf(RoutingContext ctx, String name, Set<String> allowed) {
        String value = ctx.queryParams().get(name);
        if (value != null && !allowed.contains(value)) {
            throw ApiException.invalid(name, "must be one of " + String.join(", ", allowed.stream().sorted().toList()));
        }
        return value;
    }

    private static UUID uuidParam(RoutingContext ctx, String name) {
        String value = ctx.queryParams().get(name);
        UUID id = Ids.parse(value);
        if (value != null && id == null) {
            throw ApiException.invalid(name, "must be a UUID");
        }
        return id;
    }

    private static void reply(RoutingContext ctx, Future<Conversation> conversation) {
        Responses.replyVersioned(ctx, conversation, c -> c.toJson(), c -> c.version());
    }
}
