package dev.switchboard.load.fanout;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Presence joins, everyone seeing everyone: an observer holds {@code presence}; then every user connects one socket
 * at once and subscribes to {@code presence} too. Each socket keeps its own view from the batched protocol (one
 * {@code presence.state {users}} on subscribing, then {@code presence {changes}} per tick) and the run is timed
 * until the observer's view has every user online, until every socket's view has every user online, and, as a
 * cross-check, until {@code GET /api/v1/presence} lists them all online. Gives up after {@link #TIMEOUT_MILLIS}.
 */
final class PresenceRun {

    /** How long the run waits for the views to fill before it reports what it has. */
    static final long TIMEOUT_MILLIS = 60_000;

    /**
     * The outcome, in milliseconds from the first join (-1: not within the timeout): every socket subscribed, the
     * observer saw everyone, every joined socket saw everyone ({@code complete} of {@code joins} did), the REST list
     * agreed; with the presence frames the joined sockets received and the changes they carried.
     */
    record Result(int joins, double welcomedMillis, double framesMillis, double everyoneMillis, int complete, double restMillis,
                  long frames, long stateFrames, long changes) {
    }

    private static final String STATE = "{\"type\":\"presence.state\",";
    private static final String CHANGES = "{\"type\":\"presence\",";
    private static final String USER_ID = "\"userId\":\"";
    private static final String STATUS = "\"status\":\"";
    /** Frames also parsed whole, as a check of the quick reading. */
    private static final int CHECKED = 500;

    private final Vertx vertx;
    private final Api api;
    private int checked;
    private Map<String, Integer> index;
    private int complete;
    private long frames;
    private long stateFrames;
    private long changes;

    PresenceRun(Vertx vertx, Api api) {
        this.vertx = vertx;
        this.api = api;
    }

    /** One socket's picture of who is online, over the joining users only. */
    private final class View {
        private final BitSet online = new BitSet();
        private int count;
        private final Promise<Long> full;
        private final boolean counted;

        View(Promise<Long> full, boolean counted) {
            this.full = full;
            this.counted = counted;
        }

        /**
         * Reads only what the run needs from the server's presence frames ({@code {"type":..., "users"|"changes":
         * [{"userId":..., "status":..., ...}]}}, type first, userId before status): the client is one event loop on one
         * core for a thousand sockets, and building a JSON object of every {@code presence.state} of up to 1,000 users
         * for each of them kept that core busy during the joins. The first {@link #CHECKED} frames are also parsed
         * whole and must agree.
         */
        void accept(Buffer message) {
            String text = message.toString(StandardCharsets.ISO_8859_1); // every field read here is ASCII
            boolean state = text.startsWith(STATE);
            if (!state && !text.startsWith(CHANGES)) {
                return;
            }
            int entries = 0;
            int at = 0;
            List<String> seen = checked < CHECKED ? new ArrayList<>() : null;
            while ((at = text.indexOf(USER_ID, at)) >= 0) {
                at += USER_ID.length();
                int end = text.indexOf('"', at);
                String user = text.substring(at, end);
                int status = text.indexOf(STATUS, end) + STATUS.length();
                boolean offline = text.startsWith("offline\"", status);
                at = status;
                entries++;
                if (seen != null) {
                    seen.add(user + (offline ? ":offline" : ":on"));
                }
                Integer i = index.get(user);
                if (i != null && online.get(i) == offline) {
                    online.set(i, !offline);
                    count += offline ? -1 : 1;
                }
            }
            if (seen != null && !check(message, state, seen)) {
                // never reported as a time: this socket's view is never full, so the run says so at its timeout
                System.err.println("presence frame read wrongly: " + message);
                full.tryFail("presence frame read wrongly");
                return;
            }
            if (counted) {
                frames++;
                stateFrames += state ? 1 : 0;
                changes += state ? 0 : entries;
            }
            if (count == index.size() && !full.future().isComplete()) {
                full.tryComplete(System.nanoTime());
            }
        }

        /** Whether the same frame parsed whole gives the same entries, in order. */
        private boolean check(Buffer message, boolean state, List<String> seen) {
            checked++;
            JsonObject frame = message.toJsonObject();
            JsonArray entries = frame.getJsonArray(state ? "users" : "changes");
            List<String> parsed = new ArrayList<>();
            for (Object o : entries) {
                JsonObject entry = (JsonObject) o;
                parsed.add(entry.getString("userId") + ("offline".equals(entry.getString("status")) ? ":offline" : ":on"));
            }
            return parsed.equals(seen) && frame.getString("type").equals(state ? "presence.state" : "presence");
        }
    }

    Future<Result> run(Sockets sockets, Api.User admin, List<Api.User> users) {
        index = new HashMap<>();
        users.forEach(u -> index.put(u.id(), index.size()));
        Promise<Long> allSeen = Promise.promise();
        Promise<Long> everyone = Promise.promise();
        View observerView = new View(allSeen, false);
        return sockets.open(admin, "presence", observerView::accept).compose(observer -> {
            long start = System.nanoTime();
            vertx.setTimer(TIMEOUT_MILLIS, t -> {
                allSeen.tryComplete(-1L);
                everyone.tryComplete(-1L);
            });
            List<Future<WebSocket>> opening = new ArrayList<>(users.size());
            for (Api.User user : users) {
                Promise<Long> full = Promise.promise();
                full.future().onSuccess(at -> {
                    if (++complete == users.size()) {
                        everyone.tryComplete(at);
                    }
                });
                opening.add(sockets.open(user, "presence", new View(full, true)::accept));
            }
            return Future.all(opening).map(all -> all.<WebSocket>list()).compose(joined -> {
                long welcomed = System.nanoTime();
                return allSeen.future().compose(seen -> everyone.future()).compose(all -> restAgrees(admin, users.size())
                        .compose(rest -> {
                            long seen = allSeen.future().result();
                            Result r = new Result(users.size(), millis(welcomed, start), millis(seen, start), millis(all, start),
                                    complete, millis(rest, start), frames, stateFrames, changes);
                            return Sockets.closeAll(joined).compose(v -> observer.close()).map(r);
                        }));
            });
        });
    }

    private static double millis(long at, long start) {
        return at < 0 ? -1 : (at - start) / 1e6;
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

    /** Completes once no user besides the admin is online any more (their sockets closed, the grace period over). */
    Future<Void> everyoneOffline(Api.User admin) {
        return countOnline(admin, null, 0).compose(online -> {
            if (online == 0) {
                return Future.succeededFuture();
            }
            Promise<Void> later = Promise.promise();
            vertx.setTimer(500, t -> everyoneOffline(admin).onComplete(later));
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
