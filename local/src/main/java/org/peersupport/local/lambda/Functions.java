package org.peersupport.local.lambda;

import static org.peersupport.testkit.StackTemplate.map;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.peersupport.testkit.LocalDeployment;
import org.peersupport.testkit.Repo;
import org.peersupport.testkit.StackTemplate;

/**
 * Every {@code AWS::Serverless::Function} in the template, as Lambda would run it: handler,
 * {@code CodeUri}, {@code Timeout} and {@code MemorySize} (the function's own, else
 * {@code Globals.Function}'s, else SAM's defaults), and the environment SAM would set, plus the
 * variables Lambda itself sets.
 */
public final class Functions {
    /** SAM's default {@code Timeout} (seconds) and {@code MemorySize} (MB). */
    static final int DEFAULT_TIMEOUT = 3;
    static final int DEFAULT_MEMORY = 128;

    private Functions() {
    }

    public static Map<String, LambdaFunction> from(LocalDeployment deployment) {
        StackTemplate template = deployment.template();
        Map<String, Object> globals = template.functionGlobals();
        Map<String, LambdaFunction> functions = new LinkedHashMap<>();
        for (String id : template.ofType("AWS::Serverless::Function")) {
            Map<String, Object> props = template.properties(id);
            String handler = deployment.intrinsics().resolveString(property(props, globals, "Handler"));
            String codeUri = deployment.intrinsics().resolveString(property(props, globals, "CodeUri"));
            if (handler == null || codeUri == null) {
                throw new IllegalStateException(id + " has no Handler or CodeUri in template.yaml");
            }
            Path code = Repo.root().resolve(codeUri).normalize();
            int timeout = number(deployment, property(props, globals, "Timeout"), DEFAULT_TIMEOUT);
            int memory = number(deployment, property(props, globals, "MemorySize"), DEFAULT_MEMORY);
            String name = props.containsKey("FunctionName")
                    ? deployment.intrinsics().resolveString(props.get("FunctionName")) : deployment.prefix() + id;
            Map<String, String> environment = new HashMap<>(deployment.environment(id));
            String logGroup = logGroup(deployment, map(props.get("LoggingConfig")), name);
            // What the Lambda service sets in every function's environment.
            environment.put("AWS_LAMBDA_FUNCTION_NAME", name);
            environment.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
            environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(memory));
            environment.put("AWS_LAMBDA_LOG_GROUP_NAME", logGroup);
            environment.put("AWS_LAMBDA_LOG_STREAM_NAME", "local");
            environment.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + String.valueOf(property(props, globals, "Runtime")));
            environment.put("AWS_DEFAULT_REGION", environment.get("AWS_REGION"));
            environment.put("_HANDLER", handler);
            functions.put(id, new LambdaFunction(id, name, handler, code, Duration.ofSeconds(timeout), memory, environment));
        }
        return functions;
    }

    private static Object property(Map<String, Object> props, Map<String, Object> globals, String name) {
        return props.containsKey(name) ? props.get(name) : globals.get(name);
    }

    private static int number(LocalDeployment deployment, Object value, int fallback) {
        String text = deployment.intrinsics().resolveString(value);
        return text == null ? fallback : Integer.parseInt(text.trim());
    }

    private static String logGroup(LocalDeployment deployment, Map<String, Object> logging, String name) {
        Object group = logging.get("LogGroup");
        return group == null ? "/aws/lambda/" + name : deployment.intrinsics().resolveString(group);
    }
}
