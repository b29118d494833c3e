package org.peersupport.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.peersupport.listgroups.ListGroupsHandler;
import org.peersupport.shared.Env;
import org.peersupport.shared.aws.AwsClients;
import org.peersupport.shared.store.ClosureItem;
import org.peersupport.shared.store.GroupItem;
import org.peersupport.testkit.LocalDeployment;
import org.peersupport.testkit.Moto;
import org.peersupport.testkit.Repo;
import org.peersupport.testkit.SampleData;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Where list-groups' cold start goes: in fresh JVMs (its function.jar, Lambda's flags), the same
 * steps as list-groups' Lambda constructor and its first {@code GET /groups}, one at a time,
 * each timed with the classes it loaded. Usage: {@code Breakdown <runs>}.
 */
public final class Breakdown {
    private Breakdown() {
    }

    /** The parent: a stack on moto, then {@code runs} child JVMs; medians per step. */
    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(args[0]);
        Path results = Path.of(System.getProperty("bench.results", "benchmarks/target/results/cold-start-breakdown.md"));
        LocalDeployment deployment = LocalDeployment.create();
        SampleData.load().writeTo(deployment);
        Path jar = Repo.root().resolve((String) deployment.template().properties("ListGroupsFunction").get("CodeUri"));
        String classes = Path.of(Breakdown.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        Map<String, List<double[]>> steps = new LinkedHashMap<>();
        for (int run = 0; run <= runs; run++) {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            command.addAll(ColdStart.JVM_FLAGS);
            String extra = System.getProperty("bench.jvmArgs", "");
            if (!extra.isBlank()) {
                command.addAll(List.of(extra.trim().split("[\\s,]+")));
            }
            command.addAll(List.of("-cp", jar + File.pathSeparator + classes, Child.class.getName(),
                    Events.file("list-groups.json").toString()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(deployment.environment("ListGroupsFunction"));
            builder.environment().put("AWS_ENDPOINT_URL", Moto.endpoint().toString());
            Process process = builder.start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (Boolean.getBoolean("bench.showOutput")) {
                        System.out.println(line);
                    }
                    if (line.startsWith("step=") && run > 0) { // the first run only warms the page cache
                        String[] f = line.split("\\t");
                        steps.computeIfAbsent(f[0].substring(5), k -> new ArrayList<>())
                                .add(new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2])});
                    }
                }
            }
            if (process.waitFor() != 0) {
                throw new IllegalStateException("breakdown run failed");
            }
        }
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "list-groups, %s, medians of %d fresh JVMs (flags as above).%n%n| step | ms | classes loaded |%n|---|---:|---:|%n",
                ColdStart.jvmVersion(Path.of(System.getProperty("java.home"), "bin", "java").toString()), runs));
        steps.forEach((step, values) -> table.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f |%n", step,
                Stats.median(values, v -> v[0]), Stats.median(values, v -> v[1]))));
        Files.createDirectories(results.toAbsolutePath().getParent());
        Files.writeString(results, table.toString());
        System.out.println(table);
    }

    /** The child: each step timed, with the classes loaded during it. */
    public static final class Child {
        private static long last = System.nanoTime();
        private static long lastClasses;

        public static void main(String[] args) throws Exception {
            step("JVM start to main (uptime)", ManagementFactory.getRuntimeMXBean().getUptime());
            Env env = Env.system();
            env.zone("ORG_TIME_ZONE");
            step("environment read, time zones loaded");
            AwsClients.http();
            step("URL connection HTTP client (with its TLS context)");
            DynamoDbClient dynamoDb = AwsClients.dynamoDb(env);
            step("DynamoDbClient built");
            if (GroupItem.SCHEMA == null || ClosureItem.SCHEMA == null) {
                throw new IllegalStateException();
            }
            step("static table schemas (GroupItem, ClosureItem)");
            ListGroupsHandler handler = new ListGroupsHandler(env, dynamoDb, Clock.systemUTC());
            step("handler built, with its enhanced client and listing cache (total init)");
            @SuppressWarnings("unchecked")
            APIGatewayV2HTTPEvent event = Invoker.httpEvent((Map<String, Object>) MiniJson.parse(Files.readString(Path.of(args[0]))));
            int status = handler.handleRequest(event, null).getStatusCode();
            step("first request: two scans (the SDK's first calls), next meetings, JSON, ETag (status " + status + ")");
            handler.handleRequest(event, null);
            step("second request (cache hot)");
        }

        private static void step(String name) {
            long now = System.nanoTime();
            step(name, (now - last) / 1e6);
        }

        private static void step(String name, double ms) {
            long classes = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
            System.out.printf(Locale.ROOT, "step=%s\t%.1f\t%d%n", name, ms, classes - lastClasses);
            lastClasses = classes;
            last = System.nanoTime();
        }
    }
}
