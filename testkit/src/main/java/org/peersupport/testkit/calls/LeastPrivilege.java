package org.peersupport.testkit.calls;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.peersupport.testkit.StackTemplate;

/**
 * The suite's proof that every function's role, as SAM deploys it, is exactly enough: every AWS
 * call a function made during the tests ({@link AwsCallRecorder}) must be allowed by its role
 * (IAM's evaluation, {@link IamPolicy}, of the requests AWS makes of the call, {@link AccessRequests}),
 * and every action on every resource the template grants a function must have been needed by at
 * least one of its calls.
 *
 * <p>A call belongs to a function when the function's own code is on the stack that made it: its
 * module's {@code target/classes} (tests call handlers in-process) or its {@code function.jar}
 * (the local server runs functions from their jars), both found from the function's
 * {@code CodeUri} in template.yaml; or when Lambda makes it with the function's role (an event
 * source mapping's stream reads, see {@link AwsCallRecorder#onBehalfOf}). Calls made by test code
 * alone (setting up tables, reading mail back) belong to no function and are not checked.
 */
public final class LeastPrivilege {
    /** What the check found. */
    public record Report(List<String> denied, List<String> unused, Map<String, Integer> callsPerFunction, int callsUnattributed) {
        public boolean passed(boolean requireEveryGrantUsed) {
            return denied.isEmpty() && (!requireEveryGrantUsed || unused.isEmpty());
        }

        public String describe(boolean requireEveryGrantUsed) {
            StringBuilder out = new StringBuilder();
            if (!denied.isEmpty()) {
                out.append(denied.size()).append(" call(s) the role would refuse in AWS:\n");
                denied.forEach(d -> out.append("  - ").append(d).append('\n'));
            }
            if (requireEveryGrantUsed && !unused.isEmpty()) {
                out.append(unused.size()).append(" grant(s) no call needed (remove them, or add the test that needs them):\n");
                unused.forEach(u -> out.append("  - ").append(u).append('\n'));
            }
            return out.toString();
        }
    }

    private LeastPrivilege() {
    }

    /**
     * Checks the recorded calls against the roles.
     *
     * @param original template.yaml as written (functions and their {@code CodeUri})
     * @param translated SAM's transform of it (the roles)
     * @param root the repository's top level, against which {@code CodeUri}s resolve
     */
    public static Report check(StackTemplate original, StackTemplate translated, CallRecords records, Path root) {
        Map<String, List<RolePolicies.Grant>> roles = RolePolicies.of(original, translated);
        Map<String, Path> targets = new LinkedHashMap<>();
        for (String function : roles.keySet()) {
            Object codeUri = original.properties(function).get("CodeUri");
            if (!(codeUri instanceof String)) {
                codeUri = original.functionGlobals().get("CodeUri");
            }
            // functions/<name>/target/function.jar: the module's build output is the jar's directory.
            targets.put(function, root.resolve(String.valueOf(codeUri)).normalize().getParent());
        }
        Map<String, DeployedStack> stacks = new LinkedHashMap<>();
        records.deployments().forEach((prefix, deployment) -> stacks.put(prefix, new DeployedStack(deployment, translated)));

        Set<String> denied = new TreeSet<>();
        Set<String> used = new HashSet<>();
        Map<String, Integer> perFunction = new TreeMap<>();
        int unattributed = 0;
        for (CallRecords.Call call : records.calls()) {
            String function = functionOf(call, targets);
            if (function == null) {
                unattributed++;
                continue;
            }
            perFunction.merge(function, 1, Integer::sum);
            List<DeployedStack> candidates = deploymentsOf(call, stacks.values());
            if (candidates.isEmpty()) {
                denied.add(function + ": " + call.service() + " " + call.operation()
                        + " names no resource of any recorded deployment, so it cannot be checked: " + call.request());
                continue;
            }
            List<String> refusals = null;
            for (DeployedStack stack : candidates) {
                List<String> found = evaluate(function, call, stack, roles.get(function), used);
                if (found.isEmpty()) {
                    refusals = null;
                    break;
                }
                if (refusals == null) {
                    refusals = found;
                }
            }
            if (refusals != null) {
                DeployedStack first = candidates.get(0);
                refusals.forEach(refusal -> denied.add(first.inTemplateTerms(refusal)));
            }
        }

        List<String> unused = new ArrayList<>();
        roles.forEach((function, grants) -> {
            for (RolePolicies.Grant grant : grants) {
                if (grant.awsManaged() || !"Allow".equals(grant.statement().get("Effect"))) {
                    continue;
                }
                List<Object> resources = grant.resources();
                for (String action : grant.actions()) {
                    for (int r = 0; r < resources.size(); r++) {
                        if (!used.contains(key(grant, action, r))) {
                            unused.add(function + ": " + action + " on " + Templates.render(resources.get(r)) + ", granted by "
                                    + grant.label() + ", was needed by no call in the test suite");
                        }
                    }
                }
            }
        });
        return new Report(new ArrayList<>(denied), unused, perFunction, unattributed);
    }

    /** The function whose code made the call, or whose role Lambda used for it; null for test code. */
    static String functionOf(CallRecords.Call call, Map<String, Path> targets) {
        if (call.onBehalfOf() != null) {
            return targets.containsKey(call.onBehalfOf()) ? call.onBehalfOf() : null;
        }
        for (String location : call.code()) {
            Path path = Path.of(location).normalize();
            for (Map.Entry<String, Path> target : targets.entrySet()) {
                if (path.equals(target.getValue().resolve("classes"))
                        || path.getParent() != null && path.getParent().equals(target.getValue())
                        && path.getFileName().toString().endsWith(".jar")) {
                    return target.getKey();
                }
            }
        }
        return null;
    }

    /**
     * The deployments whose resources the call names (tables, keys, queues, configuration sets);
     * for a call that names none of them (an SES identity), those whose sender it concerns.
     */
    static List<DeployedStack> deploymentsOf(CallRecords.Call call, java.util.Collection<DeployedStack> stacks) {
        Set<String> physical = new HashSet<>();
        collect(call.request(), physical);
        List<DeployedStack> found = new ArrayList<>();
        for (DeployedStack stack : stacks) {
            for (String value : physical) {
                String lookup = value.contains("/stream/") ? value.substring(0, value.indexOf("/stream/")) : value;
                if (stack.logicalId(lookup) != null) {
                    found.add(stack);
                    break;
                }
            }
        }
        if (!found.isEmpty()) {
            return found;
        }
        Object identity = call.request().containsKey("EmailIdentity") ? call.request().get("EmailIdentity")
                : call.request().get("FromEmailAddress");
        if (identity != null) {
            for (DeployedStack stack : stacks) {
                String sender = stack.parameter("SenderEmail");
                if (sender != null && (sender.equals(identity) || sender.endsWith("@" + identity))) {
                    found.add(stack);
                }
            }
        }
        return found;
    }

    private static final Set<String> PHYSICAL = Set.of("TableName", "KeyId", "QueueUrl", "StreamArn",
            "ConfigurationSetName", "TableArn");

    @SuppressWarnings("unchecked")
    private static void collect(Object value, Set<String> out) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if (PHYSICAL.contains(String.valueOf(k)) && v instanceof String s) {
                    out.add(s);
                }
                if ("RequestItems".equals(k)) {
                    out.addAll(((Map<String, Object>) v).keySet());
                }
                collect(v, out);
            });
        } else if (value instanceof List<?> list) {
            list.forEach(v -> collect(v, out));
        }
    }

    /** The refusals of one call in one deployment (empty: every request allowed), marking the grants it used. */
    private static List<String> evaluate(String function, CallRecords.Call call, DeployedStack stack,
                                         List<RolePolicies.Grant> grants, Set<String> used) {
        List<String> refusals = new ArrayList<>();
        Set<String> usedHere = new HashSet<>();
        for (IamPolicy.Request request : AccessRequests.of(call, stack)) {
            List<String> nearMisses = new ArrayList<>();
            boolean allowed = false;
            boolean deniedExplicitly = false;
            for (RolePolicies.Grant grant : grants) {
                IamPolicy.Statement statement = stack.resolve(grant);
                if (!statement.matchesActionAndResource(request)) {
                    continue;
                }
                String failed;
                try {
                    failed = IamPolicy.failedCondition(statement, request);
                } catch (UnsupportedOperationException e) {
                    failed = "the check cannot evaluate its " + e.getMessage();
                }
                if (!statement.allows()) {
                    deniedExplicitly |= failed == null;
                    continue;
                }
                if (failed == null) {
                    allowed = true;
                    markUsed(grant, statement, request, usedHere);
                } else {
                    nearMisses.add(grant.label() + " allows " + request.action() + " there, but " + failed);
                }
            }
            if (!allowed || deniedExplicitly) {
                String why = deniedExplicitly ? "a Deny statement matches"
                        : nearMisses.isEmpty() ? "no statement allows " + request.action() + " on " + request.resource()
                        + " (missing action)" : String.join("; ", nearMisses);
                refusals.add(function + " (" + where(call) + ") called " + request.description() + " — refused: " + why);
            }
        }
        if (refusals.isEmpty()) {
            used.addAll(usedHere);
        }
        return refusals;
    }

    private static void markUsed(RolePolicies.Grant grant, IamPolicy.Statement statement, IamPolicy.Request request,
                                 Set<String> used) {
        List<Object> written = grant.resources();
        for (String action : grant.actions()) {
            if (!IamPolicy.actionMatches(action, request.action())) {
                continue;
            }
            // Resolved resources keep the written order (a list resolves item by item).
            for (int r = 0; r < statement.resources().size() && r < written.size(); r++) {
                if (IamPolicy.resourceMatches(statement.resources().get(r), request.resource())) {
                    used.add(key(grant, action, r));
                }
            }
        }
    }

    private static String key(RolePolicies.Grant grant, String action, int resource) {
        return grant.function() + "|" + grant.policy() + "|" + grant.index() + "|" + action + "|" + resource;
    }

    private static String where(CallRecords.Call call) {
        return call.onBehalfOf() != null ? "Lambda, with its role" : "its code";
    }
}
