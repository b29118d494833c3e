package org.peersupport.testkit;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * template.yaml as data: the one source of truth for tables, functions, routes and parameters,
 * read by the tests, the local server and the benchmarks. CloudFormation's short-form tags
 * ({@code !Ref}, {@code !GetAtt}, {@code !Sub}...) become their long form ({@code Ref},
 * {@code Fn::GetAtt}...).
 */
public final class StackTemplate {
    private final Map<String, Object> root;

    private StackTemplate(Map<String, Object> root) {
        this.root = root;
    }

    public static StackTemplate load() {
        return load(Repo.root().resolve("template.yaml"));
    }

    @SuppressWarnings("unchecked")
    public static StackTemplate load(Path file) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Yaml yaml = new Yaml(new CfnConstructor(options));
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return new StackTemplate((Map<String, Object>) yaml.load(reader));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + file, e);
        }
    }

    /** A template already read into maps (e.g. SAM's transform of template.yaml, as JSON). */
    public static StackTemplate of(Map<String, Object> root) {
        return new StackTemplate(root);
    }

    public Map<String, Object> raw() {
        return root;
    }

    public Map<String, Object> resources() {
        return map(root.get("Resources"));
    }

    public Map<String, Object> resource(String logicalId) {
        Map<String, Object> resource = map(resources().get(logicalId));
        if (resource.isEmpty()) {
            throw new IllegalArgumentException("No resource " + logicalId + " in template.yaml");
        }
        return resource;
    }

    public Map<String, Object> properties(String logicalId) {
        return map(resource(logicalId).get("Properties"));
    }

    public String type(String logicalId) {
        return (String) resource(logicalId).get("Type");
    }

    /** Logical ids of every resource of a type, in template order. */
    public List<String> ofType(String type) {
        List<String> ids = new ArrayList<>();
        resources().forEach((id, resource) -> {
            if (type.equals(map(resource).get("Type"))) {
                ids.add(id);
            }
        });
        return ids;
    }

    public Map<String, Object> parameters() {
        return map(root.get("Parameters"));
    }

    public Map<String, Object> conditions() {
        return map(root.get("Conditions"));
    }

    public Map<String, Object> outputs() {
        return map(root.get("Outputs"));
    }

    /** {@code Globals.Function}, which SAM merges into every function. */
    public Map<String, Object> functionGlobals() {
        return map(map(root.get("Globals")).get("Function"));
    }

    /** An HTTP API route from a function's {@code HttpApi} events. */
    public record Route(String method, String path, String functionId, String authorizer) {
        /** The route key API Gateway puts in events: {@code GET /groups/{groupId}}. */
        public String routeKey() {
            return method + " " + path;
        }
    }

    public List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        for (String function : ofType("AWS::Serverless::Function")) {
            map(properties(function).get("Events")).forEach((name, value) -> {
                Map<String, Object> event = map(value);
                if ("HttpApi".equals(event.get("Type"))) {
                    Map<String, Object> props = map(event.get("Properties"));
                    Object auth = map(props.get("Auth")).get("Authorizer");
                    routes.add(new Route(String.valueOf(props.get("Method")).toUpperCase(java.util.Locale.ROOT),
                            (String) props.get("Path"), function, auth == null ? null : auth.toString()));
                }
            });
        }
        return routes;
    }

    /** The route with this key ({@code GET /staff/groups}). */
    public Route route(String routeKey) {
        return routes().stream().filter(r -> r.routeKey().equals(routeKey)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No route " + routeKey + " in template.yaml"));
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value) {
        return value instanceof Map ? (Map<String, Object>) value : Map.of();
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object value) {
        return value instanceof List ? (List<Object>) value : List.of();
    }

    /** Reads CloudFormation's short-form intrinsic tags. */
    private static final class CfnConstructor extends SafeConstructor {
        private static final String[] FUNCTIONS = {"Base64", "Cidr", "FindInMap", "GetAtt", "GetAZs", "ImportValue",
            "Join", "Select", "Split", "Sub", "Transform", "And", "Equals", "If", "Not", "Or", "ToJsonString", "Length"};

        CfnConstructor(LoaderOptions options) {
            super(options);
            yamlConstructors.put(new Tag("!Ref"), new Intrinsic("Ref"));
            yamlConstructors.put(new Tag("!Condition"), new Intrinsic("Condition"));
            for (String function : FUNCTIONS) {
                yamlConstructors.put(new Tag("!" + function), new Intrinsic("Fn::" + function));
            }
        }

        private final class Intrinsic extends AbstractConstruct {
            private final String key;

            Intrinsic(String key) {
                this.key = key;
            }

            @Override
            public Object construct(Node node) {
                Object value;
                if (node instanceof ScalarNode scalar) {
                    value = constructScalar(scalar);
                    if (key.equals("Fn::GetAtt")) {
                        value = List.of(((String) value).split("\\.", 2));
                    }
                } else if (node instanceof SequenceNode sequence) {
                    value = constructSequence(sequence);
                } else {
                    value = constructMapping((MappingNode) node);
                }
                Map<String, Object> intrinsic = new LinkedHashMap<>();
                intrinsic.put(key, value);
                return intrinsic;
            }
        }
    }
}
