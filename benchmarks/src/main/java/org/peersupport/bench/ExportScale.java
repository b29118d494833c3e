package org.peersupport.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.peersupport.testkit.LocalDeployment;
import org.peersupport.testkit.Moto;
import org.peersupport.testkit.Repo;
import org.peersupport.testkit.SampleData;

/**
 * Export time and memory against the number of sign-ups: for each size, a stack of its own on
 * moto loaded with that many sign-ups, then one fresh JVM (export-signups' function.jar, Lambda's
 * flags) that exports them all at {@code limit=5000}. Memory is the largest live heap, what a full
 * collection leaves, sampled by forcing one every 200 ms during the export (which also slows it a
 * little), and the JVM's peak resident memory.
 *
 * <p>Usage: {@code ExportScale <rows>...}
 */
public final class ExportScale {
    static final List<String> FLAGS = List.of("-XX:+UseSerialGC", "-Xmx870m", "-Xss512k",
            "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");
    private static final Pattern LINE = Pattern.compile(
            "rows=(\\d+) pages=(\\d+) seconds=([0-9.]+) peakHeapAfterGcBytes=(\\d+) collections=(\\d+) peakRssBytes=(\\d+) largestBodyChars=(\\d+)");

    private ExportScale() {
    }

    public static void main(String[] args) throws Exception {
        Path results = Path.of(System.getProperty("bench.results", "benchmarks/target/results/export-scale.md"));
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "`java %s` (%s), export-signups' function.jar, against moto_server; all groups, `limit=5000`.%n%n",
                String.join(" ", FLAGS), ColdStart.jvmVersion(javaExecutable())));
        table.append("| sign-ups | load into moto s | export s | pages | rows/s | peak live heap MB | full GCs sampled | peak RSS MB | largest page body MB |\n");
        table.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        java.util.Map<Integer, Double> peaks = new java.util.TreeMap<>();
        for (String arg : args) {
            int rows = Integer.parseInt(arg);
            LocalDeployment deployment = LocalDeployment.create();
            SampleData.load().writeTo(deployment);
            long loadStart = System.nanoTime();
            Events.loadSignups(deployment, rows);
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            Matcher m = export(deployment);
            long exported = Long.parseLong(m.group(1));
            if (exported != rows) {
                throw new IllegalStateException("Exported " + exported + " of " + rows + " sign-ups");
            }
            double seconds = Double.parseDouble(m.group(3));
            String row = String.format(Locale.ROOT, "| %,d | %.1f | %.1f | %s | %.0f | %.1f | %s | %.1f | %.2f |%n", rows,
                    loadSeconds, seconds, m.group(2), rows / seconds, Long.parseLong(m.group(4)) / 1048576.0, m.group(5),
                    Long.parseLong(m.group(6)) / 1048576.0, Long.parseLong(m.group(7)) / 1048576.0);
            System.out.print(row);
            table.append(row);
            peaks.put(rows, Long.parseLong(m.group(4)) / 1048576.0);
        }
        if (peaks.containsKey(10_000) && peaks.containsKey(100_000)) {
            double change = peaks.get(100_000) / peaks.get(10_000) - 1;
            table.append(String.format(Locale.ROOT, "%nTarget: peak live heap at 100,000 within 10%% of 10,000: "
                    + "%.1f MB vs %.1f MB (%+.1f%%) %s%n", peaks.get(100_000), peaks.get(10_000), change * 100,
                    Math.abs(change) <= 0.10 ? "✓" : "✗"));
        }
        Files.createDirectories(results.toAbsolutePath().getParent());
        Files.writeString(results, table.toString());
        System.out.println(table);
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Matcher export(LocalDeployment deployment) throws Exception {
        Path jar = Repo.root().resolve((String) deployment.template().properties("ExportSignupsFunction").get("CodeUri"));
        String classes = Path.of(ExportDriver.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        List<String> command = new ArrayList<>(List.of(javaExecutable()));
        command.addAll(FLAGS);
        command.addAll(List.of("-cp", jar + File.pathSeparator + classes, ExportDriver.class.getName(),
                Events.file("export-signups.json").toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(deployment.environment("ExportSignupsFunction"));
        builder.environment().remove("JAVA_TOOL_OPTIONS"); // the same flags are on the command line
        builder.environment().put("AWS_ENDPOINT_URL", Moto.endpoint().toString());
        Process process = builder.start();
        Matcher found = null;
        StringBuilder output = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                Matcher m = LINE.matcher(line);
                if (m.matches()) {
                    found = m;
                } else if (!line.startsWith("{")) {
                    output.append(line).append('\n');
                }
            }
        }
        if (process.waitFor() != 0 || found == null) {
            throw new IllegalStateException("The export JVM failed:\n" + output);
        }
        return found;
    }
}
