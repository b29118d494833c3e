package org.peersupport.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.peersupport.shared.json.Json;

/**
 * Turns JMH's JSON results (SampleTime mode, {@code -prof gc}) into a Markdown table: p50 and p99
 * per request, the mean with its error, samples, and bytes allocated per request.
 *
 * <p>Usage: {@code JmhReport <results.json> <table.md> <title>}
 */
public final class JmhReport {
    private JmhReport() {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        List<Object> results = (List<Object>) Json.parse(Files.readString(Path.of(args[0]), StandardCharsets.UTF_8));
        StringBuilder out = new StringBuilder();
        StringBuilder target = new StringBuilder();
        boolean header = false;
        for (Object value : results) {
            Map<String, Object> result = (Map<String, Object>) value;
            if (!header) {
                out.append(String.format(Locale.ROOT, "%s: JMH %s, %s, `%s`; %s warm-up × %s, %s measurement × %s, %s fork.%n%n",
                        args[2], result.get("jmhVersion"), result.get("vmVersion") == null ? "" : "Java " + result.get("jdkVersion")
                                + " (" + result.get("vmName") + ")", String.join(" ", new java.util.LinkedHashSet<>((List<String>) result.get("jvmArgs"))),
                        result.get("warmupIterations"), result.get("warmupTime"), result.get("measurementIterations"),
                        result.get("measurementTime"), result.get("forks")));
                out.append("| benchmark | p50 µs | p99 µs | mean µs (± error) | samples | allocated B/request |\n");
                out.append("|---|---:|---:|---:|---:|---:|\n");
                header = true;
            }
            Map<String, Object> primary = (Map<String, Object>) result.get("primaryMetric");
            Map<String, Object> percentiles = (Map<String, Object>) primary.get("scorePercentiles");
            Map<String, Object> secondary = (Map<String, Object>) result.get("secondaryMetrics");
            Map<String, Object> alloc = secondary == null ? null : (Map<String, Object>) secondary.get("gc.alloc.rate.norm");
            Map<String, Object> params = (Map<String, Object>) result.get("params");
            String name = ((String) result.get("benchmark")).replaceAll(".*\\.(\\w+)\\.request$", "$1");
            StringBuilder label = new StringBuilder(name);
            if (params != null) {
                params.forEach((k, v) -> label.append(' ').append(k).append('=').append(v));
            }
            List<Object> raw = (List<Object>) primary.get("rawDataHistogram");
            long samples = 0;
            if (raw != null) {
                for (Object fork : raw) {
                    for (Object iteration : (List<Object>) fork) {
                        for (Object bucket : (List<Object>) iteration) {
                            samples += number(((List<Object>) bucket).get(1)).longValue();
                        }
                    }
                }
            }
            double p50 = number(percentiles.get("50.0")).doubleValue();
            if (label.toString().equals("WarmPath function=list-groups")) {
                target.append(String.format(Locale.ROOT, "%nTarget: warm listing with the cache hot ≤ 100 µs p50 (C1): %.1f µs %s%n",
                        p50, p50 <= 100 ? "✓" : "✗"));
            }
            out.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f ± %.1f | %,d | %s |%n", label,
                    number(percentiles.get("50.0")).doubleValue(), number(percentiles.get("99.0")).doubleValue(),
                    number(primary.get("score")).doubleValue(), error(primary.get("scoreError")), samples,
                    alloc == null ? "–" : String.format(Locale.ROOT, "%,.0f", number(alloc.get("score")).doubleValue())));
        }
        out.append(target);
        Files.createDirectories(Path.of(args[1]).toAbsolutePath().getParent());
        Files.writeString(Path.of(args[1]), out.toString());
        System.out.println(out);
    }

    private static Number number(Object value) {
        return value instanceof Number n ? n : Double.parseDouble(String.valueOf(value));
    }

    private static double error(Object value) {
        try {
            return number(value).doubleValue();
        } catch (NumberFormatException e) {
            return Double.NaN; // JMH writes "NaN" when there is one iteration
        }
    }
}
