package org.peersupport.testkit.calls;

import static org.peersupport.testkit.StackTemplate.list;
import static org.peersupport.testkit.StackTemplate.map;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.peersupport.shared.json.Json;

/**
 * What the test JVMs wrote down: every distinct AWS call ({@link AwsCallRecorder}) and every
 * deployment of the template they made on the endpoint, read from one or more directories.
 */
public final class CallRecords {
    /** One recorded call: who made it (a role, or the code on the stack) and the request's shape. */
    public record Call(String service, String operation, String onBehalfOf, List<String> code, Map<String, Object> request) {
    }

    /** One deployment: its prefix, parameters, pseudo parameters and what its resources resolved to. */
    public record Deployment(String prefix, Map<String, String> pseudo, Map<String, Object> parameters,
                             Map<String, String> refs, Map<String, String> attributes, List<String> identities) {
    }

    private final List<Call> calls;
    private final Map<String, Deployment> deployments;

    public CallRecords(List<Call> calls, Map<String, Deployment> deployments) {
        this.calls = List.copyOf(calls);
        this.deployments = Map.copyOf(deployments);
    }

    /**
     * The files {@code include} accepts in the given directories ({@code target/aws-calls} of each
     * module); missing ones are skipped.
     */
    public static CallRecords read(Collection<Path> directories, Predicate<Path> include) {
        List<Call> calls = new ArrayList<>();
        Map<String, Deployment> deployments = new LinkedHashMap<>();
        for (Path directory : directories) {
            if (!Files.isDirectory(directory)) {
                continue;
            }
            try (Stream<Path> files = Files.list(directory)) {
                for (Path file : files.filter(include).sorted().toList()) {
                    String name = file.getFileName().toString();
                    if (name.startsWith("calls-") && name.endsWith(".jsonl")) {
                        for (String line : lines(file)) {
                            calls.add(call(Json.parseObject(line)));
                        }
                    } else if (name.startsWith("deployments-") && name.endsWith(".jsonl")) {
                        for (String line : lines(file)) {
                            Deployment deployment = deployment(Json.parseObject(line));
                            deployments.put(deployment.prefix(), deployment);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new CallRecords(calls, deployments);
    }

    public List<Call> calls() {
        return calls;
    }

    public Map<String, Deployment> deployments() {
        return deployments;
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
    }

    private static Call call(Map<String, Object> line) {
        Map<String, Object> caller = map(line.get("caller"));
        List<String> code = new ArrayList<>();
        list(caller.get("code")).forEach(c -> code.add(String.valueOf(c)));
        return new Call((String) line.get("service"), (String) line.get("operation"), (String) caller.get("onBehalfOf"),
                code, map(line.get("request")));
    }

    private static Deployment deployment(Map<String, Object> line) {
        List<String> identities = new ArrayList<>();
        list(line.get("identities")).forEach(i -> identities.add(String.valueOf(i)));
        return new Deployment((String) line.get("prefix"), strings(line.get("pseudo")), map(line.get("parameters")),
                strings(line.get("refs")), strings(line.get("attributes")), identities);
    }

    private static Map<String, String> strings(Object value) {
        Map<String, String> out = new LinkedHashMap<>();
        map(value).forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }
}
