package dev.switchboard.platform.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writing successful JSON answers. */
public final class Responses {

    private static final String JSON = "application/json";

    private Responses() {
    }

    public static void ok(RoutingContext ctx, JsonObject body) {
        send(ctx, 200, body);
    }

    public static void created(RoutingContext ctx, JsonObject body) {
        send(ctx, 201, body);
    }

    /** 202: the request was taken and acts asynchronously. */
    public static void accepted(RoutingContext ctx, JsonObject body) {
        send(ctx, 202, body);
    }

    public static void noContent(RoutingContext ctx) {
        ResponseRecorder.notify(ctx, 204, null, null).onComplete(v -> {
            if (!ctx.response().ended()) { // the request timeout may have answered already
                ctx.response().setStatusCode(204).end();
            }
        });
    }

    /**
     * Runs {@code answer} with {@code result}'s value, or fails the request with its failure. A failure inside
     * {@code answer} (a missing value, a mapping error) fails the request too: a request always gets an answer.
     */
    public static <T> void then(RoutingContext ctx, io.vertx.core.Future<T> result, java.util.function.Consumer<T> answer) {
        result.onComplete(done -> {
            if (done.failed()) {
                ctx.fail(done.cause());
                return;
            }
            try {
                answer.accept(done.result());
            } catch (RuntimeException e) {
                ctx.fail(e);
            }
        });
    }

    /** Answers 200 with {@code toJson(result)}, or fails the request with the future's failure. */
    public static <T> void reply(RoutingContext ctx, io.vertx.core.Future<T> result, java.util.function.Function<T, JsonObject> toJson) {
        then(ctx, result, value -> ok(ctx, toJson.apply(value)));
    }

    /** Answers 200 with {@code toJson(result)} and the record's version as its {@code ETag}, or fails the request. */
    public static <T> void replyVersioned(RoutingContext ctx, io.vertx.core.Future<T> result,
                                          java.util.function.Function<T, JsonObject> toJson, java.util.function.ToIntFunction<T> version) {
        then(ctx, result, value -> {
            JsonObject body = toJson.apply(value);
            okVersioned(ctx, body, version.applyAsInt(value));
        });
    }

    /** Answers 201 with {@code toJson(result)}, or fails the request. */
    public static <T> void replyCreated(RoutingContext ctx, io.vertx.core.Future<T> result, java.util.function.Function<T, JsonObject> toJson) {
        then(ctx, result, value -> created(ctx, toJson.apply(value)));
    }

    /** Answers 204 when {@code result} succeeds, or fails the request. */
    public static void replyNoContent(RoutingContext ctx, io.vertx.core.Future<?> result) {
        then(ctx, result, v -> noContent(ctx));
    }

    /**
     * Answers one keyset page: the items, and a cursor after the last one when the page is full.
     *
     * @param id the key each item is ordered by
     */
    public static <T> void replyPage(RoutingContext ctx, io.vertx.core.Future<java.util.List<T>> result, Pages page,
                                     java.util.function.Function<T, JsonObject> toJson, java.util.function.Function<T, java.util.UUID> id) {
        replyPage(ctx, result, page, toJson, id, item -> null);
    }

    /**
     * Like {@link #replyPage(RoutingContext, io.vertx.core.Future, Pages, java.util.function.Function, java.util.function.Function)}
     * for a list that may sort by a field: {@code sortValue} is an item's value of {@link Pages#sortField()}.
     */
    public static <T> void replyPage(RoutingContext ctx, io.vertx.core.Future<java.util.List<T>> result, Pages page,
                                     java.util.function.Function<T, JsonObject> toJson, java.util.function.Function<T, java.util.UUID> id,
                                     java.util.function.Function<T, Object> sortValue) {
        then(ctx, result, list -> {
            JsonArray items = new JsonArray();
            list.forEach(item -> items.add(toJson.apply(item)));
            T last = list.isEmpty() ? null : list.get(list.size() - 1);
            String next = list.size() == page.limit() && last != null ? page.cursorAfter(id.apply(last), sortValue.apply(last)) : null;
            page(ctx, items, next);
        });
    }

    /** A page of a list: {@code {"items": [...], "nextCursor": ...}}. */
    public static void page(RoutingContext ctx, JsonArray items, String nextCursor) {
        send(ctx, 200, new JsonObject().put("items", items).put("nextCursor", nextCursor));
    }

    /** A single record, with its version as the {@code ETag} for {@code If-Match}. */
    public static void okVersioned(RoutingContext ctx, JsonObject body, int version) {
        if (!ctx.response().ended()) {
            ctx.response().putHeader("ETag", "\"" + version + "\"");
        }
        send(ctx, 200, body);
    }

    private static void send(RoutingContext ctx, int status, JsonObject body) {
        Buffer buffer = body.toBuffer();
        ResponseRecorder.notify(ctx, status, JSON, buffer).onComplete(v -> {
            if (!ctx.response().ended()) { // the request timeout may have answered already
                ctx.response().setStatusCode(status).putHeader("Content-Type", JSON).end(buffer);
            }
        });
    }
}
