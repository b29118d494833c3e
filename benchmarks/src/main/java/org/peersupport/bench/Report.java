package org.peersupport.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.peersupport.testkit.Repo;
import org.peersupport.testkit.StackTemplate;

/**
 * Rewrites BENCHMARKS.md's tables from a run's results: every {@code <!-- bench:NAME -->} ...
 * {@code <!-- /bench:NAME -->} section whose {@code NAME.md} the run produced, plus the machine and
 * the function jars' sizes, which it measures itself. Prose outside the markers is left alone.
 *
 * <p>Usage: {@code Report <results dir> <BENCHMARKS.md> <mode>}
 */
public final class Report {
    static final long JAR_TARGET_BYTES = 12L * 1024 * 1024;
    private static final Pattern SECTION = Pattern.compile("(<!-- bench:([a-z0-9-]+) -->\n)(.*?)(<!-- /bench:\\2 -->)",
            Pattern.DOTALL);

    private Report() {
    }

    public static void main(String[] args) throws Exception {
        Path results = Path.of(args[0]);
        Path file = Path.of(args[1]);
        String mode = args.length > 2 ? args[2] : "full";
        Files.writeString(results.resolve("machine.md"), machine(results, mode));
        Files.writeString(results.resolve("jar-sizes.md"), jarSizes());
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Matcher m = SECTION.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Path fragment = results.resolve(m.group(2) + ".md");
            String body = Files.exists(fragment) ? Files.readString(fragment, StandardCharsets.UTF_8).strip() + "\n" : m.group(3);
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + body + m.group(4)));
        }
        m.appendTail(out);
        Files.writeString(file, out.toString(), StandardCharsets.UTF_8);
        System.out.println("Wrote " + file);
    }

    static String machine(Path results, String mode) throws IOException {
        String cpu = "?";
        int cores = 0;
        for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
            if (line.startsWith("model name")) {
                cpu = line.substring(line.indexOf(':') + 1).trim();
                cores++;
            }
        }
        String memory = "?";
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                memory = String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(line.replaceAll("[^0-9]", "")) / 1048576.0);
            }
        }
        String os = "?";
        Path release = Path.of("/etc/os-release");
        if (Files.exists(release)) {
            for (String line : Files.readAllLines(release)) {
                if (line.startsWith("PRETTY_NAME=")) {
                    os = line.substring("PRETTY_NAME=".length()).replace("\"", "");
                }
            }
        }
        String kernel = Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim();
        return String.format(Locale.ROOT, """
                | | |
                |---|---|
                | run | %s, `benchmarks/run-all%s` |
                | CPU | %s, %d logical cores |
                | memory | %s |
                | OS | %s, Linux %s |
                | JVMs | %s |
                | load average (1, 5, 15 min) | at start %s; at end %s |
                | note | %s |
                """, ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")),
                mode.equals("quick") ? " --quick" : "", cpu, cores, memory, os, kernel,
                read(results.resolve("jvms.txt")).replace("\n", "; "), read(results.resolve("load-start.txt")),
                load(), System.getenv().getOrDefault("BENCH_NOTE",
                        "nothing else known to be running"));
    }

    static String jarSizes() throws IOException {
        StackTemplate template = StackTemplate.load();
        StringBuilder out = new StringBuilder("| function | function.jar bytes | MiB | entries | ≤ 12 MiB |\n|---|---:|---:|---:|:---:|\n");
        for (String id : template.ofType("AWS::Serverless::Function")) {
            Path jar = Repo.root().resolve((String) template.properties(id).get("CodeUri"));
            if (!Files.exists(jar)) {
                continue;
            }
            long bytes = Files.size(jar);
            int entries;
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                entries = zip.size();
            }
            out.append(String.format(Locale.ROOT, "| %s | %,d | %.2f | %,d | %s |%n", id, bytes, bytes / 1048576.0, entries,
                    bytes <= JAR_TARGET_BYTES ? "✓" : "✗"));
        }
        return out.toString();
    }

    private static String load() throws IOException {
        List<String> fields = List.of(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+"));
        return String.join(", ", fields.subList(0, 3));
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file).strip() : "?";
    }
}
