package io.omniqueue.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The figures of one run: printed as a table and written as one JSON object. */
final class ScaleResults {

    /**
     * One measured path. {@code limit} is what the same work costs without the service (the SQL
     * run directly) or, without such a limit, the reference named by {@code limitName};
     * {@code ratio} is value / limit; {@code target} the bound the value must stay under.
     */
    record Row(String path, double value, String unit, Double limit, String limitName, Double ratio, double target,
               boolean pass) {
    }

    private final Map<String, Object> run = new LinkedHashMap<>();
    private final List<Row> rows = new ArrayList<>();

    void describe(String key, Object value) {
        run.put(key, value);
    }

    void add(String path, double value, String unit, Double limit, String limitName, double target) {
        Double ratio = limit == null || limit == 0 ? null : round(value / limit);
        Row row = new Row(path, round(value), unit, limit == null ? null : round(limit), limitName, ratio, target,
                value <= target);
        rows.add(row);
        // As it comes, so a run cut short still tells what it measured.
        System.out.println("scale: " + row);
    }

    String table() {
        StringBuilder out = new StringBuilder(String.format("%-34s %12s %-6s %12s  %-28s %7s %10s %s%n",
                "path", "value", "unit", "limit", "limit is", "ratio", "target", "pass"));
        for (Row r : rows) {
            out.append(String.format("%-34s %12.2f %-6s %12s  %-28s %7s %10.2f %s%n", r.path(), r.value(), r.unit(),
                    r.limit() == null ? "-" : String.format("%.2f", r.limit()), r.limitName(),
                    r.ratio() == null ? "-" : String.format("%.2f", r.ratio()), r.target(), r.pass() ? "yes" : "NO"));
        }
        return out.toString();
    }

    void write(Path file) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>(run);
        Map<String, Object> paths = new LinkedHashMap<>();
        for (Row r : rows) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("value", r.value());
            row.put("unit", r.unit());
            row.put("limit", r.limit());
            row.put("limitName", r.limitName());
            row.put("ratio", r.ratio());
            row.put("target", r.target());
            row.put("pass", r.pass());
            paths.put(r.path(), row);
        }
        json.put("paths", paths);
        Files.createDirectories(file.getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
