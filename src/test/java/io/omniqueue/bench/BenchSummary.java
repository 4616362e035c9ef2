package io.omniqueue.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Merges every {@code target/bench/*.json} but {@code results.json} into {@code results.json}
 * and prints the whole table. A bench's file may be shaped freely: any object holding
 * {@code value} and {@code ratio} (or {@code limitName}) is a measured path, named by where it sits.
 */
public final class BenchSummary {

    static final String RESULTS = "results.json";

    private BenchSummary() {
    }

    public static void main(String[] args) {
        merge(args.length > 0 ? Path.of(args[0]) : Bench.dir());
    }

    /** Writes results.json from the benches' files in this folder; returns it, or null when there are none. */
    public static Path merge(Path dir) {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        ObjectNode results = BenchResults.JSON.createObjectNode();
        results.put("generatedAt", Instant.now().toString());
        results.set("machine", machine());
        ObjectNode benches = results.putObject("benches");
        List<List<Row>> tables = new ArrayList<>();
        boolean allPass = true;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json") && !f.getFileName().toString().equals(RESULTS))
                    .sorted().toList()) {
                String name = file.getFileName().toString().replaceFirst("\\.json$", "");
                JsonNode node;
                try {
                    node = BenchResults.JSON.readTree(file.toFile());
                } catch (IOException unreadable) {
                    node = BenchResults.JSON.createObjectNode().put("error", "unreadable: " + unreadable.getMessage());
                }
                benches.set(name, node);
                List<Row> rows = rowsOf(name, node);
                tables.add(rows);
                allPass &= rows.stream().allMatch(Row::pass);
            }
            results.put("allPass", allPass);
            Path out = dir.resolve(RESULTS);
            BenchResults.JSON.writeValue(out.toFile(), results);
            System.out.println();
            System.out.println("=== Omniqueue benchmarks (" + dir + "/" + RESULTS + ") ===");
            System.out.println(table(tables));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The measured paths of one bench's JSON, wherever they sit in it. */
    static List<Row> rowsOf(String bench, JsonNode node) {
        List<Row> rows = new ArrayList<>();
        collect(bench, "", node, rows);
        return rows;
    }

    private static void collect(String bench, String where, JsonNode node, List<Row> rows) {
        if (!node.isObject()) {
            if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    collect(bench, where + "[" + i + "]", node.get(i), rows);
                }
            }
            return;
        }
        if (node.has("value") && (node.has("ratio") || node.has("limitName"))) {
            rows.add(new Row(bench, where.startsWith("paths.") ? where.substring(6) : where, number(node, "value"),
                    text(node, "unit"), number(node, "limit"), text(node, "limitName"), number(node, "ratio"),
                    number(node, "target"), !node.has("pass") || node.get("pass").asBoolean(true)));
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            collect(bench, where.isEmpty() ? field.getKey() : where + "." + field.getKey(), field.getValue(), rows);
        }
    }

    static String table(List<List<Row>> tables) {
        StringBuilder out = new StringBuilder();
        String format = "%-18s %-24s %10s %-6s %10s %-44s %6s %6s %-4s%n";
        out.append(String.format(format, "bench", "path", "value", "unit", "limit", "limit is", "ratio", "target", "pass"));
        for (List<Row> rows : tables) {
            for (Row r : rows) {
                out.append(String.format(format, r.bench(), r.path(), figure(r.value()), r.unit(), figure(r.limit()),
                        shorten(r.limitName()), r.ratio() == null ? "-" : String.format("%.2f", r.ratio()),
                        r.target() == null ? "-" : String.format("%.2f", r.target()), r.pass() ? "yes" : "NO"));
            }
        }
        return out.toString();
    }

    static ObjectNode machine() {
        ObjectNode m = BenchResults.JSON.createObjectNode();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        m.put("memoryMiB", memory / (1024 * 1024));
        return m;
    }

    private static Double number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isNumber() ? null : v.asDouble();
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    private static String figure(Double v) {
        if (v == null) {
            return "-";
        }
        return Math.abs(v) >= 100 ? String.format("%,.0f", v) : String.format("%.2f", v);
    }

    private static String shorten(String s) {
        return s.length() <= 44 ? s : s.substring(0, 43) + "…";
    }

    record Row(String bench, String path, Double value, String unit, Double limit, String limitName, Double ratio,
               Double target, boolean pass) {
    }
}
