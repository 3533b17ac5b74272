package dev.switchboard.load.rest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU time used by the server under test when it runs on this machine: its process (the JVM, or another
 * server's process) plus its PostgreSQL (postmaster and every backend), read from {@code /proc}. Dividing by
 * the requests served gives a cost per request that stays meaningful when other work shares the CPU.
 */
public final class ServerCpu {

    private static final long TICKS_PER_SECOND = 100;

    private final List<Long> pids;
    private final Path pgData;

    public ServerCpu(long javaPid, Path pgData) {
        this(List.of(javaPid), pgData);
    }

    /** The server processes {@code pids} (summed) and the PostgreSQL cluster in {@code pgData} (null: none). */
    public ServerCpu(List<Long> pids, Path pgData) {
        this.pids = List.copyOf(pids);
        this.pgData = pgData;
    }

    /** Milliseconds of CPU used so far by the server process(es) and by PostgreSQL. */
    public long[] millis() throws IOException {
        long java = 0;
        for (long pid : pids) {
            java += ticks(pid);
        }
        long postgres = 0;
        if (pgData != null) {
            long postmaster = Long.parseLong(Files.readAllLines(pgData.resolve("postmaster.pid")).get(0).trim());
            postgres = ticks(postmaster);
            for (long child : children(postmaster)) {
                postgres += ticks(child);
            }
        }
        return new long[] {java * 1000 / TICKS_PER_SECOND, postgres * 1000 / TICKS_PER_SECOND};
    }

    private static List<Long> children(long pid) throws IOException {
        List<Long> out = new ArrayList<>();
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (var threads = Files.list(tasks)) {
            for (Path t : (Iterable<Path>) threads::iterator) {
                Path file = t.resolve("children");
                if (Files.exists(file)) {
                    for (String c : Files.readString(file).trim().split("\\s+")) {
                        if (!c.isEmpty()) {
                            out.add(Long.parseLong(c));
                        }
                    }
                }
            }
        }
        return out;
    }

    /** utime + stime of a process (all its threads), or 0 when it has gone. */
    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
