package dev.switchboard.load.fanout;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Idle connections: opens {@code count} authenticated sockets (round-robin over the users), then asks the
 * server JVM for a full GC and reads its heap use with {@code jcmd} (so the number is live data, not garbage).
 */
final class IdleRun {

    /** The outcome: how many sockets are open, how long opening them took, the heap in use after a full GC. */
    record Result(int connections, double openSeconds, long heapUsedBytes, long heapBeforeBytes) {
    }

    /** The heap's generations (Serial, Parallel) or the whole heap (G1) in {@code GC.heap_info}; not Metaspace. */
    private static final Pattern USED = Pattern.compile("(?:generation|gen|heap)\\s+total \\d+K, used (\\d+)K", Pattern.CASE_INSENSITIVE);

    private final Vertx vertx;
    private final long serverPid;

    IdleRun(Vertx vertx, long serverPid) {
        this.vertx = vertx;
        this.serverPid = serverPid;
    }

    Future<Result> run(Sockets sockets, List<Api.User> users, int count) {
        return heapAfterFullGc().compose(before -> {
            long start = System.nanoTime();
            return sockets.openMany(users, count, null, 256, m -> { }).compose(opened -> {
                double seconds = (System.nanoTime() - start) / 1e9;
                return heapAfterFullGc().compose(after -> Sockets.closeAll(opened)
                        .map(v -> new Result(opened.size(), seconds, after, before)));
            });
        });
    }

    /** The server's heap in use after {@code jcmd GC.run}, in bytes; -1 without a server pid. */
    private Future<Long> heapAfterFullGc() {
        if (serverPid <= 0) {
            return Future.succeededFuture(-1L);
        }
        return vertx.executeBlocking(() -> {
            jcmd("GC.run");
            Matcher m = USED.matcher(jcmd("GC.heap_info"));
            long used = 0;
            while (m.find()) {
                used += Long.parseLong(m.group(1)) * 1024;
            }
            return used;
        });
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("jcmd", Long.toString(serverPid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }
}
