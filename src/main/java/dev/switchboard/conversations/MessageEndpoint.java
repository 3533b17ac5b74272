package dev.switchboard.conversations;

import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.platform.http.Requests;
import dev.switchboard.platform.http.Responses;
import dev.switchboard.platform.http.Validator;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** {@code /api/v1/conversations/{id}/messages}: read, post and delete messages, and report their delivery. */
public final class MessageEndpoint implements Endpoint {

    static final int MAX_BODY = 20_000;
    static final int MAX_HEADER = 998;
    static final int MAX_REFERENCES = 100;

    private final MessageService messages;
    private final ApiRoutes routes;

    public MessageEndpoint(MessageService messages, ApiRoutes routes) {
        this.messages = messages;
        this.routes = routes;
    }

    @Override
    public void addRoutes(Router router) {
        routes.get(router, "/api/v1/conversations/:id/messages", this::list);
        routes.post(router, "/api/v1/conversations/:id/messages", this::post);
        routes.delete(router, "/api/v1/conversations/:id/messages/:messageId", this::delete);
        routes.post(router, "/api/v1/conversations/:id/messages/:messageId/delivery", this::delivery);
    }

    private void list(RoutingContext ctx) {
        UUID id = ConversationEndpoint.conversationId(ctx);
        Pages page = Pages.sorted(ctx, true);
        Responses.replyPage(ctx, messages.list(Principal.of(ctx), id, page), page, Message::toJson, Message::id);
    }

    private void post(RoutingContext ctx) {
        UUID id = ConversationEndpoint.conversationId(ctx);
        JsonObject body = Requests.jsonBody(ctx);
        Validator v = new Validator(body);
        String direction = v.oneOf("direction", Message.DIRECTIONS);
        String text = body(v, body.getValue("body"));
        String messageId = v.optionalString("messageId", MAX_HEADER);
        String inReplyTo = v.optionalString("inReplyTo", MAX_HEADER);
        List<String> references = references(v, body.getValue("references"));
        v.check();
        MessageService.Draft draft = new MessageService.Draft(direction, text, messageId, inReplyTo, references);
        Responses.replyCreated(ctx, messages.post(Principal.of(ctx), id, draft), Message::toJson);
    }

    private void delete(RoutingContext ctx) {
        UUID id = ConversationEndpoint.conversationId(ctx);
        UUID messageId = Requests.pathId(ctx, "messageId", "message");
        Responses.replyNoContent(ctx, messages.delete(Principal.of(ctx), id, messageId));
    }

    private void delivery(RoutingContext ctx) {
        UUID id = ConversationEndpoint.conversationId(ctx);
        UUID messageId = Requests.pathId(ctx, "messageId", "message");
        Validator v = new Validator(Requests.jsonBody(ctx));
        String status = v.oneOf("status", MessageService.DELIVERY_STATES);
        v.check();
        Responses.reply(ctx, messages.recordDelivery(Principal.of(ctx), id, messageId, status), Message::toJson);
    }

    /** Plain text, kept exactly as sent (never trimmed, rendered or executed). */
    private static String body(Validator v, Object value) {
        if (!(value instanceof String s) || s.isBlank()) {
            v.fail("body", value == null ? "is required" : "must be a non-blank string");
            return null;
        }
        if (s.length() > MAX_BODY) {
            v.fail("body", "must be at most " + MAX_BODY + " characters");
            return null;
        }
        return s;
    }

    private static List<String> references(Validator v, Object value) {
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        if (!(value instanceof JsonArray array) || array.size() > MAX_REFERENCES) {
            v.fail("references", "must be an array of at most " + MAX_REFERENCES + " Message-IDs");
            return out;
        }
        for (Object item : array) {
            if (!(item instanceof String s) || s.isBlank() || s.length() > MAX_HEADER) {
                v.fail("references", "each entry must be a Message-ID of 1 to " + MAX_HEADER + " characters");
                return out;
            }
            out.add(s.trim());
        }
        return out;
    }
}
