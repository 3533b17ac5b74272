package dev.switchboard.notifications;

import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.error.FieldError;
import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.platform.http.Requests;
import dev.switchboard.platform.http.Responses;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** {@code /api/v1/notifications}: the caller's own notifications, unread count and settings. */
public final class NotificationEndpoint implements Endpoint {

    private final NotificationService notifications;
    private final ApiRoutes routes;

    public NotificationEndpoint(NotificationService notifications, ApiRoutes routes) {
        this.notifications = notifications;
        this.routes = routes;
    }

    @Override
    public void addRoutes(Router router) {
        routes.get(router, "/api/v1/notifications", this::list);
        routes.get(router, "/api/v1/notifications/unread-count", this::unreadCount);
        routes.post(router, "/api/v1/notifications/read-all", this::readAll);
        routes.get(router, "/api/v1/notifications/settings", this::settings);
        routes.put(router, "/api/v1/notifications/settings", this::updateSettings);
        routes.post(router, "/api/v1/notifications/:id/read", this::read);
    }

    @Override
    public String openApiFragment() {
        return "openapi/notifications.json";
    }

    private void list(RoutingContext ctx) {
        Pages page = Pages.sorted(ctx, true);
        String unread = ctx.queryParams().get("unread");
        if (unread != null && !unread.equals("true") && !unread.equals("false")) {
            throw ApiException.invalid("unread", "must be true or false");
        }
        Responses.replyPage(ctx, notifications.list(Principal.of(ctx), "true".equals(unread), page), page,
                Notification::toJson, Notification::id);
    }

    private void unreadCount(RoutingContext ctx) {
        Responses.reply(ctx, notifications.unreadCount(Principal.of(ctx)), n -> new JsonObject().put("count", n));
    }

    private void read(RoutingContext ctx) {
        Responses.reply(ctx, notifications.markRead(Principal.of(ctx), Requests.pathId(ctx, "id", "notification")),
                Notification::toJson);
    }

    private void readAll(RoutingContext ctx) {
        Responses.reply(ctx, notifications.markAllRead(Principal.of(ctx)), n -> new JsonObject().put("updated", n));
    }

    private void settings(RoutingContext ctx) {
        Responses.reply(ctx, notifications.settings(Principal.of(ctx)), json -> json);
    }

    private void updateSettings(RoutingContext ctx) {
        JsonObject body = Requests.jsonBody(ctx);
        Map<NotificationType, Boolean[]> changed = new EnumMap<>(NotificationType.class);
        List<FieldError> errors = new ArrayList<>();
        for (String name : body.fieldNames()) {
            NotificationType type = NotificationType.fromWire(name);
            Object value = body.getValue(name);
            if (type == null) {
                errors.add(new FieldError(name, "is not a notification type"));
            } else if (!(value instanceof JsonObject channels) || !validChannels(channels)) {
                errors.add(new FieldError(name, "must be an object with boolean inApp and/or email"));
            } else {
                changed.put(type, new Boolean[]{channels.getBoolean("inApp"), channels.getBoolean("email")});
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        Responses.reply(ctx, notifications.updateSettings(Principal.of(ctx), changed), json -> json);
    }

    private static boolean validChannels(JsonObject channels) {
        for (String key : channels.fieldNames()) {
            if (!(key.equals("inApp") || key.equals("email")) || !(channels.getValue(key) instanceof Boolean)) {
                return false;
            }
        }
        return true;
    }
}
