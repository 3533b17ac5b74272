package dev.switchboard.load.fanout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The benchmark's {@code key=value} arguments with their defaults. */
record Options(String host, int port, long serverPid, long dbPid, List<Integer> subscribers, List<Integer> deliveries,
               List<Integer> writes, int warmup, int seconds, int presence, int presenceRounds, int idle, int sources, int maxInFlight,
               String source, String reference, long referencePid, String jwtSecret, String tenantClaim, int slow,
               int slowBytes, int slowRate, int slowSeconds) {

    static final String USAGE = """
            arguments (key=value, all optional):
              host=127.0.0.1 port=8080     the server
              serverPid=0                  the server's pid: enables its CPU use and heap readings
              dbPid=0                      the embedded PostgreSQL's postmaster pid: enables the database's CPU use
              subscribers=100,1000         subscriber counts for the delivery runs (each socket a distinct user)
              deliveries=50000,100000,200000  target deliveries/s per step (writes/s = deliveries / subscribers)
              writes=                      target writes/s per step instead, the same for every subscriber count
              warmup=5 seconds=10          seconds of warm-up and of each measured step
              presence=1000                presence joins (distinct users); 0 skips
              presenceRounds=1             rounds of presence joins, each by other users, the last reported: the
                                           earlier ones warm the server up (each waits out the offline grace)
              idle=20000                   idle authenticated sockets (20 per user); 0 skips
              sources=4                    local source addresses 127.0.0.1..N for the sockets
              maxInFlight=256              concurrent REST writes at most
              source=rest                  what causes the deliveries: rest (contact creation, events from committed
                                           writes) or publish (POST /api/v1/realtime/publish to org, broadcast frames)
              reference=                   host:port of the reference server (load-tests/reference): with source=publish,
                                           every step runs against its POST /publish too and the two are compared
              referencePid=0               the reference server's pid: enables its CPU use
              jwtSecret=                   the reference's HS256 secret (REF_JWT_SECRET), for its tokens
              tenantClaim=tid              the reference's tenant claim (REF_TENANT_CLAIM)
              slow=0                       1: a slow-consumer check at the largest subscriber count (switchboard only)
              slowBytes=32768 slowRate=200 the slow consumer's own stream (publishes to user:{its id}) that fills its
                                           buffers: bytes per message and messages/s
              slowSeconds=20               seconds of each of the slow-consumer check's two steps
            """;

    static Options parse(String[] args) {
        Map<String, String> a = new HashMap<>();
        for (String arg : args.length == 1 ? args[0].trim().split("\\s+") : args) {
            if (arg.isBlank()) {
                continue;
            }
            int eq = arg.indexOf('=');
            if (eq < 0 || !USAGE.contains(" " + arg.substring(0, eq) + "=")) {
                throw new IllegalArgumentException("unknown argument " + arg + "\n" + USAGE);
            }
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        return new Options(a.getOrDefault("host", "127.0.0.1"), Integer.parseInt(a.getOrDefault("port", "8080")),
                Long.parseLong(a.getOrDefault("serverPid", "0")), Long.parseLong(a.getOrDefault("dbPid", "0")),
                ints(a.getOrDefault("subscribers", "100,1000")), ints(a.getOrDefault("deliveries", "50000,100000,200000")),
                a.containsKey("writes") ? ints(a.get("writes")) : null,
                Integer.parseInt(a.getOrDefault("warmup", "5")), Integer.parseInt(a.getOrDefault("seconds", "10")),
                Integer.parseInt(a.getOrDefault("presence", "1000")), Integer.parseInt(a.getOrDefault("presenceRounds", "1")),
                Integer.parseInt(a.getOrDefault("idle", "20000")),
                Integer.parseInt(a.getOrDefault("sources", "4")), Integer.parseInt(a.getOrDefault("maxInFlight", "256")),
                a.getOrDefault("source", "rest"), a.getOrDefault("reference", ""),
                Long.parseLong(a.getOrDefault("referencePid", "0")), a.getOrDefault("jwtSecret", ""),
                a.getOrDefault("tenantClaim", "tid"), Integer.parseInt(a.getOrDefault("slow", "0")),
                Integer.parseInt(a.getOrDefault("slowBytes", "32768")), Integer.parseInt(a.getOrDefault("slowRate", "200")),
                Integer.parseInt(a.getOrDefault("slowSeconds", "20"))).validated();
    }

    private Options validated() {
        if (!source.equals("rest") && !source.equals("publish")) {
            throw new IllegalArgumentException("source must be rest or publish\n" + USAGE);
        }
        if (presenceRounds < 1) {
            throw new IllegalArgumentException("presenceRounds must be at least 1\n" + USAGE);
        }
        if (!reference.isEmpty() && !source.equals("publish")) {
            throw new IllegalArgumentException("reference= compares publish runs only: add source=publish\n" + USAGE);
        }
        if (!reference.isEmpty() && jwtSecret.isEmpty()) {
            throw new IllegalArgumentException("reference= needs jwtSecret= (the reference's REF_JWT_SECRET)\n" + USAGE);
        }
        return this;
    }

    /** The reference server's host, or null when there is none. */
    String referenceHost() {
        return reference.isEmpty() ? null : reference.substring(0, reference.lastIndexOf(':'));
    }

    int referencePort() {
        return Integer.parseInt(reference.substring(reference.lastIndexOf(':') + 1));
    }

    /** Writes/s per step for {@code count} subscribers. */
    List<Integer> rates(int count) {
        return writes != null ? writes : deliveries.stream().map(d -> Math.max(1, d / count)).toList();
    }

    /** Idle sockets per user; fanout.sh raises the server's per-user connection limit to this. */
    static final int IDLE_SOCKETS_PER_USER = 20;

    /** Users to create: a distinct user per subscriber and per presence join of every round, at most 20 idle sockets each. */
    int users() {
        int idleUsers = (idle + IDLE_SOCKETS_PER_USER - 1) / IDLE_SOCKETS_PER_USER;
        return Math.max(Math.max(presence * presenceRounds, idleUsers), subscribers.stream().mapToInt(Integer::intValue).max().orElse(0));
    }

    private static List<Integer> ints(String csv) {
        return new ArrayList<>(Arrays.stream(csv.split(",")).map(String::trim).map(Integer::parseInt).toList());
    }
}
