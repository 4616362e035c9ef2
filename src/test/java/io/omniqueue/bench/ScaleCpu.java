package io.omniqueue.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time of processes from /proc/&lt;pid&gt;/stat (Linux): user + system ticks, plus the ticks of
 * waited-for children for a PostgreSQL postmaster whose backends come and go.
 */
final class ScaleCpu {

    /** Linux's USER_HZ, fixed at 100 on every architecture the kernel exposes to /proc. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ScaleCpu() {
    }

    /** Seconds of CPU used so far by this process. */
    static double seconds(long pid) {
        long[] f = fields(pid);
        return f == null ? 0 : cpuSeconds(f);
    }

    /** utime + stime (fields 14 and 15 of proc(5)) of a parsed stat line, in seconds. */
    private static double cpuSeconds(long[] f) {
        return (f[13] + f[14]) / TICKS_PER_SECOND;
    }

    /**
     * Seconds of CPU the whole machine has been busy so far, all cores added (/proc/stat's first line:
     * every column but idle and iowait; guest time is already inside user). What a load costs the
     * machine, the clients and a database server included, which a service's own CPU leaves out.
     */
    static double machineSeconds() {
        try (var lines = Files.lines(Path.of("/proc/stat"))) {
            String[] f = lines.findFirst().orElseThrow().trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i <= Math.min(8, f.length - 1); i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Seconds of CPU used so far by a postmaster and all its processes, live and gone. */
    static double postgresSeconds(long postmaster) {
        long[] f = fields(postmaster);
        double total = f == null ? 0 : (f[13] + f[14] + f[15] + f[16]) / TICKS_PER_SECOND;
        for (long child : children(postmaster)) {
            total += seconds(child);
        }
        return total;
    }

    /** One live thread of a process: its name (as /proc gives it, cut to 15 characters) and CPU seconds so far. */
    record ThreadCpu(String name, double seconds) {
    }

    /** The CPU so far of each of a process's live threads, by thread id. */
    static Map<Long, ThreadCpu> threads(long pid) {
        Map<Long, ThreadCpu> threads = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    long tid = Long.parseLong(task.getFileName().toString());
                    threads.put(tid, new ThreadCpu(name, cpuSeconds(parse(tid, stat))));
                } catch (IOException | RuntimeException gone) {
                    // the thread ended between the listing and the read
                }
            }
        } catch (IOException e) {
            return threads;
        }
        return threads;
    }

    /**
     * Seconds of CPU each thread name used between two snapshots of {@link #threads}: per thread id
     * (a thread born since counts whole, one gone since is lost to both sides), then added up by
     * name with the numbers of a pool's threads folded ({@code reply-send-#}, {@code GC Thread#});
     * the kernel keeps only 15 characters of a name, so {@code Camel (camel-#)} holds every Camel
     * thread and the two JIT compilers stay apart ({@code C1 CompilerThre}, {@code C2 CompilerThre}).
     */
    static Map<String, Double> usedByName(Map<Long, ThreadCpu> before, Map<Long, ThreadCpu> after) {
        Map<String, Double> used = new HashMap<>();
        after.forEach((tid, now) -> {
            ThreadCpu then = before.get(tid);
            double seconds = Math.max(0, now.seconds() - (then == null ? 0 : then.seconds()));
            used.merge(now.name().replaceAll("#\\d+", "#").replaceAll("(?<=[-_ ])\\d+", "#"), seconds, Double::sum);
        });
        return used;
    }

    /** The JIT compilers' part of {@link #usedByName}: what a service still compiling spends apart from its work. */
    static double compilerSeconds(Map<String, Double> usedByName) {
        return usedByName.entrySet().stream().filter(e -> e.getKey().contains("CompilerThre"))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    /** The postmaster of the PostgreSQL server this connection is to (its backend's parent). */
    static long postmaster(java.sql.Connection connection) throws java.sql.SQLException {
        try (var rs = connection.createStatement().executeQuery("select pg_backend_pid()")) {
            rs.next();
            return parent(rs.getLong(1));
        }
    }

    /** The parent of a process: the postmaster of a backend. */
    static long parent(long pid) {
        return fields(pid)[3];
    }

    private static List<Long> children(long parent) {
        List<Long> children = new ArrayList<>();
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                String name = dir.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit)) {
                    long[] f = fields(Long.parseLong(name));
                    if (f != null && f[3] == parent) {
                        children.add(Long.parseLong(name));
                    }
                }
            }
        } catch (IOException e) {
            return children;
        }
        return children;
    }

    /** A field's value; 0 for the state letter and for values past a long (rsslim's "unlimited"). */
    private static long number(String field) {
        try {
            return Long.parseLong(field.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The numeric fields of /proc/pid/stat, indexed from 0 as in proc(5) minus one (pid at 0, ppid at 3). */
    private static long[] fields(long pid) {
        try {
            return parse(pid, Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** A stat line of a process or thread (/proc/pid/stat, /proc/pid/task/tid/stat) as {@link #fields} gives it. */
    private static long[] parse(long id, String stat) {
        // The command name (field 2) may hold spaces and parentheses; it ends at the last ')'.
        String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long[] f = new long[rest.length + 2];
        f[0] = id;
        for (int i = 0; i < rest.length; i++) {
            f[i + 2] = number(rest[i]);
        }
        return f;
    }
}
