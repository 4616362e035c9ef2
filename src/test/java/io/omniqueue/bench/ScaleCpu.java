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
        return f == null ? 0 : (f[13] + f[14]) / TICKS_PER_SECOND;
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

    /**
     * Seconds of CPU used so far by each of a process's live threads, added up by name with digits
     * folded ({@code G1 Conc#}, {@code http-nio-#-exec-#}): where an idle JVM's CPU goes, its own
     * threads against the JIT compiler's, the garbage collector's and the VM's.
     */
    static Map<String, Double> secondsByThread(long pid) {
        Map<String, Double> threads = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("\\d+", "#");
                    String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    // utime and stime: fields 14 and 15 of proc(5), 12 and 13 after the name
                    double seconds = (number(rest[11]) + number(rest[12])) / TICKS_PER_SECOND;
                    threads.merge(name, seconds, Double::sum);
                } catch (IOException | RuntimeException gone) {
                    // the thread ended between the listing and the read
                }
            }
        } catch (IOException e) {
            return threads;
        }
        return threads;
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
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) may hold spaces; it ends at the last ')'.
            String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long[] f = new long[rest.length + 2];
            f[0] = pid;
            for (int i = 0; i < rest.length; i++) {
                f[i + 2] = number(rest[i]);
            }
            return f;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
