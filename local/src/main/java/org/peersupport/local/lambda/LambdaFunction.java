package org.peersupport.local.lambda;

import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.peersupport.shared.Log;
import org.peersupport.testkit.calls.AwsCallRecorder;

/**
 * One function of the stack, run the way Lambda runs it: its code is the built {@code CodeUri}
 * jar, loaded in a class loader of its own (so a class missing from the jar is missing here too);
 * each instance is constructed once and then serves one invocation at a time; events and results
 * cross as JSON, through the same serializers as Lambda's Java runtime; the function's
 * {@code Timeout} and Lambda's 6 MB payload limits apply. The handler gets its environment through
 * its {@code Handler(org.peersupport.shared.Env)} constructor, or its {@code Handler(Env, <SDK clients>,
 * Clock)} one with the clients its no-arg constructor would build, since one JVM cannot give each
 * function its own process environment; a handler with neither is built with its no-arg constructor.
 */
public final class LambdaFunction implements AutoCloseable {
    /** Lambda's limit on a synchronous invocation's request and response payloads (6 MB). */
    public static final int MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

    private static final String CONTEXT = "com.amazonaws.services.lambda.runtime.Context";
    private static final String LOGGER = "com.amazonaws.services.lambda.runtime.LambdaLogger";
    private static final String STREAM_HANDLER = "com.amazonaws.services.lambda.runtime.RequestStreamHandler";
    private static final String ENV = "org.peersupport.shared.Env";
    private static final String AWS_CLIENTS = "org.peersupport.shared.aws.AwsClients";
    private static final String SDK_HTTP_CLIENT = "software.amazon.awssdk.http.SdkHttpClient";
    private static final String CLIENT_CONFIGURATION = "software.amazon.awssdk.core.client.config.ClientOverrideConfiguration";
    private static final String CLIENT_BUILDER = "software.amazon.awssdk.awscore.client.builder.AwsClientBuilder";
    private static final String EXECUTION_INTERCEPTOR = "software.amazon.awssdk.core.interceptor.ExecutionInterceptor";
    private static final String SES_CLIENT = "software.amazon.awssdk.services.sesv2.SesV2Client";
    private static final String SES_SENDER = "org.peersupport.sendconfirmation.SesEmailSender";

    private final String logicalId;
    private final String functionName;
    private final String handler;
    private final Path code;
    private final Duration timeout;
    private final int memoryMb;
    private final Map<String, String> environment;
    private final ExecutorService threads;
    private final Deque<Instance> idle = new ArrayDeque<>();
    private final AtomicInteger instances = new AtomicInteger();
    private final AtomicInteger invocations = new AtomicInteger();
    private URLClassLoader loader;
    private boolean closed;

    public LambdaFunction(String logicalId, String functionName, String handler, Path code, Duration timeout,
                          int memoryMb, Map<String, String> environment) {
        this.logicalId = logicalId;
        this.functionName = functionName;
        this.handler = handler;
        this.code = code;
        this.timeout = timeout;
        this.memoryMb = memoryMb;
        this.environment = Map.copyOf(environment);
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "lambda-" + logicalId + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    public String logicalId() {
        return logicalId;
    }

    public String functionName() {
        return functionName;
    }

    public Duration timeout() {
        return timeout;
    }

    /** Instances built so far (cold starts). */
    public int coldStarts() {
        return instances.get();
    }

    /** Invocations that reached the handler. */
    public int invocations() {
        return invocations.get();
    }

    /**
     * Invokes the function with an event, as Lambda's synchronous Invoke does.
     *
     * @return the function's result as JSON
     * @throws FunctionError for what Lambda reports as a function error (the caller decides what
     *     that means: API Gateway answers 500, an event source mapping retries)
     */
    public String invoke(String eventJson) throws FunctionError {
        byte[] event = eventJson.getBytes(StandardCharsets.UTF_8);
        if (event.length > MAX_PAYLOAD_BYTES) {
            throw new FunctionError(FunctionError.Kind.REQUEST_TOO_LARGE, logicalId, null);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        String requestId = UUID.randomUUID().toString();
        AtomicBoolean abandoned = new AtomicBoolean();
        Future<byte[]> run = threads.submit(() -> {
            Instance instance = take();
            invocations.incrementAndGet();
            try {
                return instance.invoke(event, context(requestId, deadline));
            } finally {
                // An instance that timed out is never reused, as Lambda resets its environment.
                if (!abandoned.get()) {
                    release(instance);
                }
            }
        });
        byte[] result;
        try {
            result = run.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            abandoned.set(true);
            run.cancel(true);
            Log.warn("local.function.timeout", "function", logicalId, "requestId", requestId,
                    "timeoutSeconds", timeout.toSeconds());
            throw new FunctionError(FunctionError.Kind.TIMEOUT, logicalId, null);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof InvocationTargetException ite ? ite.getCause() : e.getCause();
            FunctionError.Kind kind = cause instanceof InitError ? FunctionError.Kind.INIT : FunctionError.Kind.UNHANDLED;
            Throwable reported = cause instanceof InitError ? cause.getCause() : cause;
            Log.error("local.function.error", reported, "function", logicalId, "requestId", requestId,
                    "kind", kind.name());
            throw new FunctionError(kind, logicalId, reported);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.cancel(true);
            throw new FunctionError(FunctionError.Kind.UNHANDLED, logicalId, e);
        }
        if (result.length > MAX_PAYLOAD_BYTES) {
            Log.warn("local.function.responseTooLarge", "function", logicalId, "requestId", requestId,
                    "bytes", result.length);
            throw new FunctionError(FunctionError.Kind.RESPONSE_TOO_LARGE, logicalId, null);
        }
        return new String(result, StandardCharsets.UTF_8);
    }

    /**
     * SnapStart's snapshot and restore, as far as a plain JVM can play them: a new instance (the
     * initialisation Lambda runs before a snapshot), its runtime hooks called directly (org.crac's
     * {@code beforeCheckpoint}, the handler's priming, then {@code afterRestore}), and the instance
     * kept, so that the next invocation is the first a restored function serves. Returns what the
     * prime took in milliseconds as the hooks report it; -1 for a handler without hooks (or whose
     * prime failed).
     */
    public long snapshotAndRestore() throws FunctionError {
        Instance instance;
        try {
            instance = take();
        } catch (InitError e) {
            throw new FunctionError(FunctionError.Kind.INIT, logicalId, e.getCause());
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(instance.loader);
        try {
            Method hooks;
            try {
                hooks = instance.target.getClass().getMethod("priming");
            } catch (NoSuchMethodException e) {
                return -1;
            }
            Object priming = hooks.invoke(instance.target);
            Class<?> context = Class.forName("org.crac.Context", false, instance.loader);
            priming.getClass().getMethod("beforeCheckpoint", context).invoke(priming, (Object) null);
            priming.getClass().getMethod("afterRestore", context).invoke(priming, (Object) null);
            return (Long) priming.getClass().getMethod("primedMillis").invoke(priming);
        } catch (ReflectiveOperationException e) {
            throw new FunctionError(FunctionError.Kind.UNHANDLED, logicalId,
                    e instanceof InvocationTargetException ite ? ite.getCause() : e);
        } finally {
            thread.setContextClassLoader(previous);
            release(instance);
        }
    }

    private Instance take() throws InitError {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("function " + logicalId + " is closed");
            }
            Instance instance = idle.pollFirst();
            if (instance != null) {
                return instance;
            }
        }
        return newInstance();
    }

    private synchronized void release(Instance instance) {
        if (!closed) {
            idle.addFirst(instance);
        }
    }

    private synchronized ClassLoader loader() {
        if (loader == null) {
            if (!Files.exists(code)) {
                throw new IllegalStateException("The code of " + logicalId + " is not built: " + code
                        + " is missing. Build it with: mvn -B -DskipTests package (./run-local does this).");
            }
            try {
                // Platform parent: the function sees its own jar and the JDK, as in Lambda. While the
                // tests record AWS calls, the recorder's own classes come after the jar, so the
                // function's SDK records its calls too (and finds nothing else there).
                Path recorder = AwsCallRecorder.copyForOtherLoaders();
                URL[] urls = recorder == null ? new URL[] {code.toUri().toURL()}
                        : new URL[] {code.toUri().toURL(), recorder.toUri().toURL()};
                loader = new URLClassLoader("function:" + logicalId, urls, ClassLoader.getPlatformClassLoader());
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        }
        return loader;
    }

    private Instance newInstance() throws InitError {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try {
            ClassLoader functionLoader = loader();
            thread.setContextClassLoader(functionLoader);
            int separator = handler.indexOf("::");
            String className = separator < 0 ? handler : handler.substring(0, separator);
            String methodName = separator < 0 ? "handleRequest" : handler.substring(separator + 2);
            Class<?> type = Class.forName(className, true, functionLoader);
            Object target = construct(type, functionLoader);
            Instance instance = new Instance(target, Entry.find(type, methodName, functionLoader), functionLoader);
            int n = instances.incrementAndGet();
            Log.info("local.function.init", "function", logicalId, "instance", n);
            return instance;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            throw new InitError(e instanceof InvocationTargetException ite ? ite.getCause() : e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private Object construct(Class<?> type, ClassLoader functionLoader) throws ReflectiveOperationException {
        for (Constructor<?> constructor : type.getConstructors()) {
            Class<?>[] parameters = constructor.getParameterTypes();
            if (parameters.length == 1 && parameters[0].getName().equals(ENV)) {
                return constructor.newInstance(env(parameters[0]));
            }
        }
        for (Constructor<?> constructor : type.getConstructors()) {
            Class<?>[] parameters = constructor.getParameterTypes();
            int last = parameters.length - 1;
            if (last > 0 && parameters[0].getName().equals(ENV) && parameters[last] == Clock.class) {
                Object[] arguments = new Object[parameters.length];
                arguments[0] = env(parameters[0]);
                for (int i = 1; i < last; i++) {
                    arguments[i] = client(parameters[i], arguments[0], functionLoader);
                }
                arguments[last] = Clock.systemUTC();
                return constructor.newInstance(arguments);
            }
        }
        return type.getConstructor().newInstance();
    }

    /** The function's environment as the function's own {@code Env}. */
    private Object env(Class<?> envType) throws ReflectiveOperationException {
        return envType.getConstructor(Map.class).newInstance(environment);
    }

    /**
     * An SDK client as the handler's no-arg constructor builds it, but in the function's
     * environment: the SES client by {@code SesEmailSender.client}, every other one by
     * {@code AwsClients.build} with the shared HTTP client and timeouts. Method handles, as
     * reflection on AwsClients would load the types of all its methods, some not in every jar.
     */
    private static Object client(Class<?> type, Object env, ClassLoader functionLoader)
            throws ReflectiveOperationException {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        Class<?> awsClients = Class.forName(AWS_CLIENTS, true, functionLoader);
        Class<?> httpType = Class.forName(SDK_HTTP_CLIENT, false, functionLoader);
        Class<?> configType = Class.forName(CLIENT_CONFIGURATION, false, functionLoader);
        try {
            Object http = lookup.findStatic(awsClients, "http", MethodType.methodType(httpType)).invoke();
            if (type.getName().equals(SES_CLIENT)) {
                Class<?> interceptor = Class.forName(EXECUTION_INTERCEPTOR, false, functionLoader);
                return lookup.findStatic(Class.forName(SES_SENDER, true, functionLoader), "client",
                                MethodType.methodType(type, env.getClass(), httpType, interceptor.arrayType()))
                        .asFixedArity().invoke(env, http, Array.newInstance(interceptor, 0));
            }
            Object timeouts = lookup.findStatic(awsClients, "timeouts", MethodType.methodType(configType)).invoke();
            MethodHandle build = lookup.findStatic(awsClients, "build", MethodType.methodType(Object.class,
                    Class.forName(CLIENT_BUILDER, false, functionLoader), env.getClass(), httpType, configType));
            return build.invoke(type.getMethod("builder").invoke(null), env, http, timeouts);
        } catch (ReflectiveOperationException e) {
            throw e;
        } catch (Throwable e) {
            throw new InvocationTargetException(e);
        }
    }

    /** A Lambda context for one invocation, implementing the function's own copy of the interface. */
    private Object context(String requestId, long deadlineNanos) {
        ClassLoader functionLoader = loader();
        Class<?> contextType;
        Class<?> loggerType;
        try {
            contextType = Class.forName(CONTEXT, false, functionLoader);
            loggerType = Class.forName(LOGGER, false, functionLoader);
        } catch (ClassNotFoundException e) {
            return null;
        }
        Object logger = Proxy.newProxyInstance(functionLoader, new Class<?>[] {loggerType}, (proxy, method, args) -> {
            if (method.getName().equals("log") && args != null && args.length > 0) {
                Object message = args[0];
                System.out.print(message instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : message);
                System.out.flush();
            }
            return objectMethod(proxy, method, args);
        });
        String region = environment.getOrDefault("AWS_REGION", "us-east-1");
        return Proxy.newProxyInstance(functionLoader, new Class<?>[] {contextType}, (proxy, method, args) -> {
            switch (method.getName()) {
                case "getAwsRequestId":
                    return requestId;
                case "getLogGroupName":
                    return environment.getOrDefault("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + functionName);
                case "getLogStreamName":
                    return "local";
                case "getFunctionName":
                    return functionName;
                case "getFunctionVersion":
                    return "$LATEST";
                case "getInvokedFunctionArn":
                    return "arn:aws:lambda:" + region + ":" + environment.getOrDefault("LOCAL_ACCOUNT_ID", "123456789012")
                            + ":function:" + functionName;
                case "getRemainingTimeInMillis":
                    return (int) Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
                case "getMemoryLimitInMB":
                    return memoryMb;
                case "getLogger":
                    return logger;
                default:
                    return objectMethod(proxy, method, args);
            }
        });
    }

    private static Object objectMethod(Object proxy, Method method, Object[] args) {
        switch (method.getName()) {
            case "toString":
                return "LocalLambdaProxy";
            case "hashCode":
                return System.identityHashCode(proxy);
            case "equals":
                return args != null && args.length == 1 && proxy == args[0];
            default:
                return null;
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            idle.clear();
        }
        threads.shutdownNow();
        if (loader != null) {
            try {
                loader.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A constructed handler, used by one invocation at a time. */
    private static final class Instance {
        private final Object target;
        private final Entry entry;
        private final ClassLoader loader;

        Instance(Object target, Entry entry, ClassLoader loader) {
            this.target = target;
            this.entry = entry;
            this.loader = loader;
        }

        byte[] invoke(byte[] event, Object context) throws Exception {
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(loader);
            try {
                return entry.call(target, event, context);
            } finally {
                thread.setContextClassLoader(previous);
            }
        }
    }

    /** How a handler method is called: with a stream, or with a typed event that Lambda deserializes. */
    private static final class Entry {
        private final Method method;
        private final boolean streams;
        private final boolean takesContext;
        private final PojoSerializer<Object> input;
        private final PojoSerializer<Object> output;

        private Entry(Method method, boolean streams, boolean takesContext, PojoSerializer<Object> input,
                      PojoSerializer<Object> output) {
            this.method = method;
            this.streams = streams;
            this.takesContext = takesContext;
            this.input = input;
            this.output = output;
        }

        static Entry find(Class<?> type, String name, ClassLoader loader) throws NoSuchMethodException {
            Method best = null;
            for (Method method : type.getMethods()) {
                if (method.getName().equals(name) && !method.isBridge() && !method.isSynthetic()
                        && !Modifier.isStatic(method.getModifiers()) && method.getParameterCount() <= 3
                        && (best == null || method.getParameterCount() > best.getParameterCount())) {
                    best = method;
                }
            }
            if (best == null) {
                throw new NoSuchMethodException(type.getName() + "::" + name);
            }
            Class<?>[] parameters = best.getParameterTypes();
            boolean streams = implementsByName(type, STREAM_HANDLER)
                    || parameters.length >= 2 && parameters[0] == InputStream.class && parameters[1] == OutputStream.class;
            if (streams) {
                return new Entry(best, true, parameters.length == 3, null, null);
            }
            boolean takesContext = parameters.length == 2;
            PojoSerializer<Object> input = parameters.length == 0 ? null
                    : serializer(best.getGenericParameterTypes()[0], parameters[0], loader);
            PojoSerializer<Object> output = best.getReturnType() == void.class ? null
                    : serializer(best.getGenericReturnType(), best.getReturnType(), loader);
            return new Entry(best, false, takesContext, input, output);
        }

        /** The serializer Lambda's Java runtime would pick: its own for AWS event types, Jackson otherwise. */
        @SuppressWarnings("unchecked")
        private static PojoSerializer<Object> serializer(Type generic, Class<?> raw, ClassLoader loader) {
            if (LambdaEventSerializers.isLambdaSupportedEvent(raw.getName())) {
                return (PojoSerializer<Object>) LambdaEventSerializers.serializerFor(raw, loader);
            }
            return JacksonFactory.getInstance().getSerializer(generic);
        }

        private static boolean implementsByName(Class<?> type, String interfaceName) {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                for (Class<?> i : c.getInterfaces()) {
                    if (i.getName().equals(interfaceName)) {
                        return true;
                    }
                }
            }
            return false;
        }

        byte[] call(Object target, byte[] event, Object context) throws Exception {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (streams) {
                Object[] args = takesContext
                        ? new Object[] {new ByteArrayInputStream(event), out, context}
                        : new Object[] {new ByteArrayInputStream(event), out};
                method.invoke(target, args);
                return out.toByteArray();
            }
            Object[] args;
            if (input == null) {
                args = new Object[0];
            } else {
                Object value = input.fromJson(new ByteArrayInputStream(event));
                args = takesContext ? new Object[] {value, context} : new Object[] {value};
            }
            Object result = method.invoke(target, args);
            if (output == null || result == null) {
                return "null".getBytes(StandardCharsets.UTF_8);
            }
            output.toJson(result, out);
            return out.toByteArray();
        }
    }

    /** A failure while building an instance (Lambda's init phase). */
    private static final class InitError extends Exception {
        InitError(Throwable cause) {
            super(cause);
        }
    }
}
