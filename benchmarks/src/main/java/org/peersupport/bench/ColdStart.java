package org.peersupport.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.peersupport.testkit.LocalDeployment;
import org.peersupport.testkit.Moto;
import org.peersupport.testkit.Repo;
import org.peersupport.testkit.SampleData;
import org.peersupport.testkit.StackTemplate;

/**
 * Time from a fresh JVM to the first response, per function: moto with the stack's tables and
 * the sample data, then N child JVMs that each load the function's built function.jar (its
 * template CodeUri), construct the handler with the environment template.yaml gives it, and
 * serve one sample event. Reports each run and the median.
 *
 * <p>Usage: {@code ColdStart <FunctionLogicalId> <events/file.json> [runs]}
 */
public final class ColdStart {
    /** Lambda-like: C1 only (as JAVA_TOOL_OPTIONS in the template), serial GC, the heap of a 1,024 MB function. */
    static final List<String> JVM_FLAGS = List.of("-XX:+UseSerialGC", "-Xmx870m", "-Xss512k");

    private ColdStart() {
    }

    public static void main(String[] args) throws Exception {
        String function = args[0];
        Path event = Repo.root().resolve(args[1]);
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;

        LocalDeployment deployment = LocalDeployment.create();
        SampleData.load().writeTo(deployment);
        StackTemplate template = deployment.template();
        Map<String, Object> properties = template.properties(function);
        Path jar = Repo.root().resolve((String) properties.get("CodeUri"));
        String handler = (String) properties.get("Handler");
        long jarBytes = Files.size(jar);

        List<Double> millis = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            Result result = runOnce(deployment, function, jar, handler, event);
            millis.add(result.millis());
            System.out.printf("run %d: %.0f ms to first response (%s)%n", i, result.millis(), result.line());
        }
        List<Double> sorted = new ArrayList<>(millis);
        sorted.sort(null);
        double median = runs % 2 == 1 ? sorted.get(runs / 2) : (sorted.get(runs / 2 - 1) + sorted.get(runs / 2)) / 2;
        System.out.printf("%s: median %.0f ms over %d fresh JVMs (min %.0f, max %.0f); %s is %,d bytes (%.2f MiB); java %s%n",
                function, median, runs, sorted.get(0), sorted.get(runs - 1), Repo.root().relativize(jar), jarBytes,
                jarBytes / 1048576.0, System.getProperty("java.version"));
    }

    record Result(double millis, String line) {
    }

    static Result runOnce(LocalDeployment deployment, String function, Path jar, String handler, Path event)
            throws Exception {
        String invokerClasses = Path.of(Invoker.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_FLAGS);
        String extra = System.getProperty("bench.jvmArgs", "");
        if (!extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-cp", jar + java.io.File.pathSeparator + invokerClasses,
                Invoker.class.getName(), handler, event.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(deployment.environment(function));
        builder.environment().put("AWS_ENDPOINT_URL", Moto.endpoint().toString());
        builder.environment().putIfAbsent("AWS_ACCESS_KEY_ID", "test");
        builder.environment().putIfAbsent("AWS_SECRET_ACCESS_KEY", "test");
        builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        long start = System.nanoTime();
        Process process = builder.start();
        String status = null;
        StringBuilder output = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("status=")) {
                    status = line;
                    break;
                }
                output.append(line).append('\n');
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e6;
        process.waitFor();
        if (Boolean.getBoolean("bench.showOutput")) {
            System.out.print(output);
        }
        if (status == null || !status.startsWith("status=200")) {
            throw new IllegalStateException("No 200 from " + function + ": " + status + "\n" + output);
        }
        return new Result(elapsed, status);
    }
}
