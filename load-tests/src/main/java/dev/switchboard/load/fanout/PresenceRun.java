package dev.switchboard.load.fanout;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Presence joins: an observer holds {@code presence}; then every user connects one socket at once, and the run
 * is timed until the observer has seen an {@code online} frame for each of them (and, as a cross-check, until
 * {@code GET /api/v1/presence} lists them all online).
 */
final class PresenceRun {

    /** The outcome: time until every socket was welcomed, until every presence frame arrived, until the REST list agreed. */
    record Result(int joins, double welcomedMillis, double framesMillis, double restMillis) {
    }

    private final Vertx vertx;
    private final Api api;

    PresenceRun(Vertx vertx, Api api) {
        this.vertx = vertx;
        this.api = api;
    }

    Future<Result> run(Sockets sockets, Api.User admin, List<Api.User> users) {
        Set<String> waiting = new HashSet<>();
        users.forEach(u -> waiting.add(u.id()));
        Promise<Long> allSeen = Promise.promise();
        return sockets.open(admin, "presence", message -> {
            JsonObject frame = message.toJsonObject();
            if ("presence".equals(frame.getString("type")) && "online".equals(frame.getString("status"))
                    && waiting.remove(frame.getString("userId")) && waiting.isEmpty()) {
                allSeen.tryComplete(System.nanoTime());
            }
        }).compose(observer -> {
            long start = System.nanoTime();
            return sockets.openMany(users, users.size(), null, users.size(), m -> { })
                    .compose(joined -> {
                        long welcomed = System.nanoTime();
                        return allSeen.future().compose(seen -> restAgrees(admin, users.size()).compose(rest -> {
                            Result r = new Result(users.size(), (welcomed - start) / 1e6, (seen - start) / 1e6, (rest - start) / 1e6);
                            return Sockets.closeAll(joined).compose(v -> observer.close()).map(r);
                        }));
                    });
        });
    }

    /** Polls the presence list until {@code count} users (besides the admin) are online; the time it first agreed. */
    private Future<Long> restAgrees(Api.User admin, int count) {
        return countOnline(admin, null, 0).compose(online -> {
            if (online >= count) {
                return Future.succeededFuture(System.nanoTime());
            }
            Promise<Long> later = Promise.promise();
            vertx.setTimer(5, t -> restAgrees(admin, count).onComplete(later));
            return later.future();
        });
    }

    /** Online users other than the admin, over every page of the list from {@code cursor}. */
    private Future<Long> countOnline(Api.User admin, String cursor, long sofar) {
        return api.presence(admin, cursor).compose(page -> {
            long online = sofar + page.getJsonArray("items").stream()
                    .filter(o -> o instanceof JsonObject j && !admin.id().equals(j.getString("userId"))
                            && "online".equals(j.getString("status")))
                    .count();
            String next = page.getString("nextCursor");
            return next == null ? Future.succeededFuture(online) : countOnline(admin, next, online);
        });
    }
}
