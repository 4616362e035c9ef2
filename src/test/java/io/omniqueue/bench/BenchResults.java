package io.omniqueue.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One bench's results: writes {@code target/bench/<bench>.json} (one JSON object) and prints the
 * bench's table. Every measured path carries {@code value}, {@code unit}, {@code limit},
 * {@code limitName}, {@code ratio} (value / limit), {@code target} (the ratio to reach) and
 * {@code pass}, so that {@link BenchSummary} can merge any bench's file, written with this class or not.
 */
public final class BenchResults {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String bench;
    private final ObjectNode root = JSON.createObjectNode();
    private final ObjectNode paths;
    private final List<String> order = new ArrayList<>();

    private BenchResults(String bench) {
        this.bench = bench;
        root.put("bench", bench);
        root.put("quick", Bench.quick());
        root.put("startedAt", Instant.now().toString());
        root.set("machine", BenchSummary.machine());
        paths = root.putObject("paths");
    }

    public static BenchResults of(String bench) {
        return new BenchResults(bench);
    }

    /**
     * A measured path with its limit from the same run.
     *
     * @param target the ratio value / limit to reach, or null when the path is only reported
     * @return the path's node, for extra fields (sizes, samples)
     */
    public ObjectNode path(String name, double value, String unit, Double limit, String limitName, Double target) {
        ObjectNode p = paths.putObject(name);
        p.put("value", round(value));
        p.put("unit", unit);
        Double ratio = limit == null || limit == 0 ? null : value / limit;
        if (limit == null) {
            p.putNull("limit");
        } else {
            p.put("limit", round(limit));
        }
        p.put("limitName", limitName);
        if (ratio == null) {
            p.putNull("ratio");
        } else {
            p.put("ratio", Math.round(ratio * 1000) / 1000.0);
        }
        if (target == null) {
            p.putNull("target");
        } else {
            p.put("target", target);
        }
        p.put("pass", target == null || (ratio != null && ratio >= target));
        order.add(name);
        return p;
    }

    /** A path that is only reported (start-up time, memory): no limit, no target. */
    public ObjectNode reported(String name, double value, String unit, String note) {
        return path(name, value, unit, null, note, null);
    }

    /** Free fields beside the paths (sizes, settings). */
    public ObjectNode info() {
        return root.has("info") ? (ObjectNode) root.get("info") : root.putObject("info");
    }

    /** Writes the file and prints the table; returns the file. */
    public Path write() {
        root.put("finishedAt", Instant.now().toString());
        Path file = Bench.dir().resolve(bench + ".json");
        try {
            Files.createDirectories(file.getParent());
            JSON.writeValue(file.toFile(), root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println();
        System.out.println(BenchSummary.table(List.of(BenchSummary.rowsOf(bench, root))));
        System.out.println("[bench] wrote " + file);
        return file;
    }

    private static double round(double value) {
        return Math.abs(value) >= 100 ? Math.round(value) : Math.round(value * 100) / 100.0;
    }
}
