package org.peersupport.testkit.calls;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Writes down every AWS call made in this JVM while {@value #DIRECTORY_PROPERTY} names a directory
 * (surefire and failsafe set it to {@code target/aws-calls}): the service, the operation, the
 * request's shape, and which code made it, one JSON line per distinct call. {@link LeastPrivilege}
 * later checks every call a function made against that function's role.
 *
 * <p>The SDK adds it to every client it builds (it is a global interceptor, listed in
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors}). It uses nothing but the
 * JDK and the SDK's core classes, because the local server defines a copy of it in each function's
 * own class loader, where the function's own copy of the SDK is.
 *
 * <p>Nothing a person could have typed is written: of a request it keeps the names of tables,
 * indexes, keys, user pools, configuration sets and the sender, the expressions (which hold attribute names and
 * placeholders only), attribute names, numbers and flags; every other string and every attribute
 * value becomes {@code "?"}.
 */
public final class AwsCallRecorder implements ExecutionInterceptor {
    public static final String DIRECTORY_PROPERTY = "peersupport.awsCalls";

    /** Request members whose string values are kept as they are. */
    static final Set<String> KEPT = Set.of("TableName", "IndexName", "ProjectionExpression", "KeyConditionExpression",
            "FilterExpression", "ConditionExpression", "UpdateExpression", "Select", "ReturnValues",
            "ReturnValuesOnConditionCheckFailure", "ReturnConsumedCapacity", "ReturnItemCollectionMetrics",
            "AttributesToGet", "ExpressionAttributeNames", "KeyId", "MacAlgorithm", "ConfigurationSetName",
            "FromEmailAddress", "FromEmailAddressIdentityArn", "FeedbackForwardingEmailAddress",
            "FeedbackForwardingEmailAddressIdentityArn", "EmailIdentity", "QueueUrl", "StreamArn", "ShardId",
            "ShardIteratorType", "TableArn", "UserPoolId");

    private static final ThreadLocal<String> ON_BEHALF_OF = new ThreadLocal<>();
    private static final ClassValue<String> LOCATIONS = new Locations();
    private static final StackWalker STACK = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final Set<String> WRITTEN = ConcurrentHashMap.newKeySet();
    /**
     * The stream each recent shard iterator reads: GetRecords names its stream only inside the
     * iterator (a value, so not recorded), and IAM authorizes it on the stream.
     */
    private static final Map<String, String> ITERATORS = java.util.Collections.synchronizedMap(new RecentIterators());
    /** One file per copy of this class (the JVM's own, and one per function class loader). */
    private static final String FILE = "calls-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID() + ".jsonl";

    /** The class files of this recorder, for {@link #copyForOtherLoaders()}. */
    private static final List<String> CLASS_FILES = List.of("AwsCallRecorder.class", "AwsCallRecorder$Locations.class",
            "AwsCallRecorder$RecentIterators.class");
    private static final String INTERCEPTORS = "software/amazon/awssdk/global/handlers/execution.interceptors";
    private static Path copy;

    /**
     * A directory holding this recorder's classes and the SDK's list of global interceptors naming
     * it, to add to a class loader with an SDK of its own (a function's, in the local server) so
     * that its calls are recorded too; null while nothing is recorded.
     */
    public static synchronized Path copyForOtherLoaders() {
        String directory = System.getProperty(DIRECTORY_PROPERTY);
        if (directory == null || directory.isBlank()) {
            return null;
        }
        if (copy == null) {
            try {
                Path root = Paths.get(directory, "recorder-classes-" + ProcessHandle.current().pid());
                Path classes = root.resolve(AwsCallRecorder.class.getPackageName().replace('.', '/'));
                Files.createDirectories(classes);
                for (String file : CLASS_FILES) {
                    try (var in = AwsCallRecorder.class.getResourceAsStream(file)) {
                        Files.copy(java.util.Objects.requireNonNull(in, file), classes.resolve(file),
                                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                Path list = root.resolve(INTERCEPTORS);
                Files.createDirectories(list.getParent());
                Files.writeString(list, AwsCallRecorder.class.getName() + "\n", StandardCharsets.UTF_8);
                copy = root;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return copy;
    }

    /**
     * Runs {@code work} as {@code functionLogicalId}'s role: for what Lambda itself does with a
     * function's role, such as an event source mapping reading a stream.
     */
    public static <T> T onBehalfOf(String functionLogicalId, Supplier<T> work) {
        String previous = ON_BEHALF_OF.get();
        ON_BEHALF_OF.set(functionLogicalId);
        try {
            return work.get();
        } finally {
            ON_BEHALF_OF.set(previous);
        }
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String directory = System.getProperty(DIRECTORY_PROPERTY);
        if (directory == null || directory.isBlank()) {
            return;
        }
        StringBuilder line = new StringBuilder(256);
        line.append("{\"service\":");
        string(line, attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME));
        line.append(",\"operation\":");
        string(line, attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        line.append(",\"caller\":{");
        String role = ON_BEHALF_OF.get();
        if (role != null) {
            line.append("\"onBehalfOf\":");
            string(line, role);
        } else {
            line.append("\"code\":[");
            List<String> code = code();
            for (int i = 0; i < code.size(); i++) {
                if (i > 0) {
                    line.append(',');
                }
                string(line, code.get(i));
            }
            line.append(']');
        }
        line.append("},\"request\":");
        value(line, context.request(), null);
        String stream = ITERATORS.get(String.valueOf(field(context.request(), "ShardIterator")));
        if (stream != null) {
            line.setLength(line.length() - 1);
            line.append(line.charAt(line.length() - 1) == '{' ? "" : ",").append("\"StreamArn\":");
            string(line, stream);
            line.append('}');
        }
        line.append('}');
        String text = line.toString();
        if (WRITTEN.add(text)) {
            append(Paths.get(directory), text);
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        Object iterator = field(context.response(), "ShardIterator");
        Object stream = field(context.request(), "StreamArn");
        if (iterator != null && stream != null) {
            ITERATORS.put(iterator.toString(), stream.toString());
        }
        Object next = field(context.response(), "NextShardIterator");
        String read = ITERATORS.get(String.valueOf(field(context.request(), "ShardIterator")));
        if (next != null && read != null) {
            ITERATORS.put(next.toString(), read);
        }
    }

    /** A member of a request or response by its wire name, or null. */
    private static Object field(Object pojo, String name) {
        if (!(pojo instanceof SdkPojo sdk)) {
            return null;
        }
        for (SdkField<?> field : sdk.sdkFields()) {
            if (name.equals(field.locationName())) {
                return field.getValueOrDefault(pojo);
            }
        }
        return null;
    }

    /** Where the classes on the stack were loaded from (build output and jars of this repository), innermost first. */
    private static List<String> code() {
        Set<String> locations = new LinkedHashSet<>();
        STACK.forEach(frame -> {
            String location = LOCATIONS.get(frame.getDeclaringClass());
            if (location != null) {
                locations.add(location);
            }
        });
        return new ArrayList<>(locations);
    }

    /** The last thousand iterators handed out, oldest forgotten first. */
    private static final class RecentIterators extends java.util.LinkedHashMap<String, String> {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > 1000;
        }
    }

    private static final class Locations extends ClassValue<String> {
        @Override
        protected String computeValue(Class<?> type) {
            return location(type);
        }
    }

    private static String location(Class<?> type) {
        CodeSource source = type.getProtectionDomain() == null ? null : type.getProtectionDomain().getCodeSource();
        URL url = source == null ? null : source.getLocation();
        if (url == null || !"file".equals(url.getProtocol())) {
            return null;
        }
        try {
            String path = Paths.get(url.toURI()).toString();
            // Only this repository's own modules: their classes directories and function jars.
            return path.contains("/target/") || path.endsWith("/target") ? path : null;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    private static synchronized void append(Path directory, String line) {
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve(FILE), line + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A request member as JSON; {@code member} is the name of the member it is the value of. */
    private static void value(StringBuilder out, Object value, String member) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof SdkPojo pojo) {
            if (pojo.getClass().getSimpleName().equals("AttributeValue")) {
                out.append("\"?\"");
                return;
            }
            out.append('{');
            boolean first = true;
            for (SdkField<?> field : pojo.sdkFields()) {
                Object fieldValue = field.getValueOrDefault(pojo);
                if (fieldValue == null || isEmptyAutoConstruct(fieldValue)) {
                    continue;
                }
                if (!first) {
                    out.append(',');
                }
                first = false;
                String name = field.locationName() != null ? field.locationName() : field.memberName();
                string(out, name);
                out.append(':');
                value(out, fieldValue, name);
            }
            out.append('}');
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                // Map keys are attribute names, placeholders or table names.
                string(out, String.valueOf(entry.getKey()));
                out.append(':');
                value(out, entry.getValue(), member);
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                value(out, list.get(i), member);
            }
            out.append(']');
        } else if (value instanceof Boolean || value instanceof Number) {
            out.append(value);
        } else if (value instanceof SdkBytes) {
            out.append("\"?\"");
        } else if (member != null && KEPT.contains(member)) {
            string(out, value.toString());
        } else {
            out.append("\"?\"");
        }
    }

    /** The SDK's empty auto-construct lists and maps stand for "not set". */
    private static boolean isEmptyAutoConstruct(Object value) {
        String type = value.getClass().getSimpleName();
        return type.startsWith("DefaultSdkAutoConstruct");
    }

    private static void string(StringBuilder out, String text) {
        if (text == null) {
            out.append("null");
            return;
        }
        out.append('"');
        JsonStringEncoder.getInstance().quoteAsString(text, out);
        out.append('"');
    }
}
