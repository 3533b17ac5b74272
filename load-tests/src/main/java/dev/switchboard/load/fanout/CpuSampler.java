package dev.switchboard.load.fanout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time of the server process and its descendants (the embedded PostgreSQL and its backends), read from
 * {@code /proc}; the difference of two samples over the wall time is the server's CPU use (1.0 = one core).
 */
final class CpuSampler {

    private static final double TICKS_PER_SECOND = 100.0;

    private final long rootPid;

    CpuSampler(long rootPid) {
        this.rootPid = rootPid;
    }

    /** Seconds of CPU used so far by the process tree; 0 when no pid was given. */
    double cpuSeconds() {
        if (rootPid <= 0) {
            return 0;
        }
        Map<Long, List<Long>> children = new HashMap<>();
        Map<Long, Long> ticks = new HashMap<>();
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                String name = dir.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                String[] f = stat(dir);
                if (f == null) {
                    continue;
                }
                long pid = Long.parseLong(name);
                children.computeIfAbsent(Long.parseLong(f[1]), k -> new ArrayList<>()).add(pid);
                ticks.put(pid, Long.parseLong(f[11]) + Long.parseLong(f[12]));
            }
        } catch (IOException e) {
            return 0;
        }
        long total = 0;
        List<Long> todo = new ArrayList<>(List.of(rootPid));
        while (!todo.isEmpty()) {
            long pid = todo.remove(todo.size() - 1);
            total += ticks.getOrDefault(pid, 0L);
            todo.addAll(children.getOrDefault(pid, List.of()));
        }
        return total / TICKS_PER_SECOND;
    }

    /** The fields of /proc/pid/stat after the command name: [0]=state, [1]=ppid, [11]=utime, [12]=stime. */
    private static String[] stat(Path dir) {
        try {
            String s = Files.readString(dir.resolve("stat"));
            return s.substring(s.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }
}
