package io.omniqueue.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** One scrape of {@code /actuator/prometheus} (text format), read as a Prometheus server would. */
public final class PrometheusScrape {

    private final List<Sample> samples;

    private PrometheusScrape(List<Sample> samples) {
        this.samples = samples;
    }

    /** GET /actuator/prometheus with a bearer token, as a Prometheus server configured with one does. */
    public static PrometheusScrape of(Api api) {
        Api.Response response = api.get("/actuator/prometheus");
        if (response.status() != 200) {
            throw new AssertionError("/actuator/prometheus answered " + response.status() + ": " + response.body());
        }
        return parse(response.body());
    }

    public static PrometheusScrape parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            samples.add(sample(line.strip()));
        }
        return new PrometheusScrape(samples);
    }

    /** The value of the one series named {@code name} carrying these labels (pairs: name, value), if present. */
    public OptionalDouble value(String name, String... labels) {
        List<Sample> found = find(name, labels);
        if (found.size() > 1) {
            throw new AssertionError("several series match " + name + " " + List.of(labels) + ": " + found);
        }
        return found.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(found.get(0).value());
    }

    /** The value, failing when the series is absent. */
    public double require(String name, String... labels) {
        return value(name, labels).orElseThrow(() -> new AssertionError("no series " + name + " " + List.of(labels)));
    }

    public List<Sample> find(String name, String... labels) {
        return samples.stream().filter(s -> s.name().equals(name) && s.has(labels)).toList();
    }

    private static Sample sample(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        Map<String, String> labels = new LinkedHashMap<>();
        String name;
        int rest;
        if (brace >= 0 && brace < space) {
            name = line.substring(0, brace);
            int i = brace + 1;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String label = line.substring(i, eq).strip();
                StringBuilder value = new StringBuilder();
                int j = eq + 2; // past ="
                while (line.charAt(j) != '"') {
                    if (line.charAt(j) == '\\') {
                        j++;
                        value.append(line.charAt(j) == 'n' ? '\n' : line.charAt(j));
                    } else {
                        value.append(line.charAt(j));
                    }
                    j++;
                }
                labels.put(label, value.toString());
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            rest = i + 1;
        } else {
            name = line.substring(0, space);
            rest = space;
        }
        String value = line.substring(rest).strip().split("\\s+")[0];
        return new Sample(name, labels, switch (value) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(value);
        });
    }

    public record Sample(String name, Map<String, String> labels, double value) {

        boolean has(String... pairs) {
            for (int i = 0; i + 1 < pairs.length; i += 2) {
                if (!pairs[i + 1].equals(labels.get(pairs[i]))) {
                    return false;
                }
            }
            return true;
        }
    }
}
