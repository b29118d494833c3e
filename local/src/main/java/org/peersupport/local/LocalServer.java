package org.peersupport.local;

import com.sun.net.httpserver.HttpServer;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.peersupport.local.events.EventSource;
import org.peersupport.local.events.EventSources;
import org.peersupport.local.events.LocalTriggers;
import org.peersupport.local.gateway.Gateway;
import org.peersupport.local.gateway.HttpApis;
import org.peersupport.local.gateway.Route;
import org.peersupport.local.gateway.JwtAuthorizer;
import org.peersupport.local.lambda.Functions;
import org.peersupport.local.lambda.LambdaFunction;
import org.peersupport.local.outbox.Outbox;
import org.peersupport.local.site.StaticSite;
import org.peersupport.local.staff.CognitoProxy;
import org.peersupport.local.staff.LocalStaff;
import org.peersupport.shared.Log;
import org.peersupport.testkit.LocalDeployment;
import org.peersupport.testkit.Moto;
import org.peersupport.testkit.Repo;
import org.peersupport.testkit.SampleData;
import org.peersupport.testkit.StackTemplate;

/**
 * The whole stack on one machine ({@code ./run-local}): an AWS-compatible endpoint (moto_server
 * started here, or {@code AWS_ENDPOINT_URL}), the template's tables, keys and staff user pool on
 * it, the sample groups on first start, two staff accounts ready to sign in, every function run
 * from its built jar behind a local API Gateway at {@code http://127.0.0.1:3000} (which checks
 * staff tokens as the JWT authorizer does), the template's other event sources (schedules, the
 * sign-ups stream), the example website, Cognito's sign-in API for the console, and the outbox.
 * Runs until interrupted; Ctrl-C stops everything it started.
 */
public final class LocalServer implements AutoCloseable {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 3000;
    /** Connections waiting to be accepted: enough for a crowd arriving at once, as API Gateway takes it (was 64). */
    static final int BACKLOG = 1024;

    /** How to run: where to listen, which template parameters to override, which prefix to deploy under. */
    public record Options(String host, int port, Map<String, String> parameterOverrides, String prefix, Path template) {
        public Options {
            parameterOverrides = Map.copyOf(parameterOverrides);
        }

        /** The repository's template.yaml on a port, with a prefix of its own (tests run several stacks on one endpoint). */
        public static Options of(int port, String prefix) {
            return new Options(DEFAULT_HOST, port, Map.of(), prefix, Repo.root().resolve("template.yaml"));
        }

        /**
         * {@code --parameter-overrides Key=Value ...} (as SAM takes them), {@code --port N} (env
         * {@code PORT}) and {@code --host ADDRESS} (else 127.0.0.1).
         */
        public static Options parse(String[] args, Map<String, String> env) {
            int port = env.containsKey("PORT") ? Integer.parseInt(env.get("PORT").trim()) : DEFAULT_PORT;
            // Loopback unless asked: not from the environment, where HOST often names the machine.
            String host = DEFAULT_HOST;
            Map<String, String> overrides = new LinkedHashMap<>();
            boolean inOverrides = false;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--parameter-overrides")) {
                    inOverrides = true;
                } else if (arg.equals("--port") && i + 1 < args.length) {
                    port = Integer.parseInt(args[++i]);
                    inOverrides = false;
                } else if (arg.equals("--host") && i + 1 < args.length) {
                    host = args[++i];
                    inOverrides = false;
                } else if (inOverrides && arg.contains("=")) {
                    for (String pair : splitPairs(arg)) {
                        int eq = pair.indexOf('=');
                        overrides.put(pair.substring(0, eq), unquote(pair.substring(eq + 1)));
                    }
                } else {
                    throw new IllegalArgumentException("Unknown argument: " + arg
                            + "\nUsage: ./run-local [--port N] [--host ADDRESS] [--parameter-overrides Key=Value ...]");
                }
            }
            return new Options(host, port, overrides, env.getOrDefault("LOCAL_PREFIX", "local-"),
                    Repo.root().resolve("template.yaml"));
        }

        private static List<String> splitPairs(String arg) {
            // SAM also takes "A=1 B=2" as one quoted argument.
            List<String> out = new ArrayList<>();
            for (String part : arg.trim().split("\\s+(?=[A-Za-z0-9]+=)")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
            return out;
        }

        private static String unquote(String value) {
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
                return value.substring(1, value.length() - 1);
            }
            return value;
        }
    }

    private final LocalDeployment deployment;
    private final Map<String, LambdaFunction> functions;
    private final HttpApis apis;
    private final Gateway gateway;
    private final HttpServer server;
    private final ExecutorService serverThreads;
    private final List<EventSource> sources;
    private final LocalStaff staff;
    private final boolean loadedSamples;
    private volatile boolean closed;

    private LocalServer(LocalDeployment deployment, Map<String, LambdaFunction> functions, HttpApis apis, Gateway gateway,
                        HttpServer server, ExecutorService serverThreads, List<EventSource> sources, LocalStaff staff,
                        boolean loadedSamples) {
        this.deployment = deployment;
        this.functions = functions;
        this.apis = apis;
        this.gateway = gateway;
        this.server = server;
        this.serverThreads = serverThreads;
        this.sources = sources;
        this.staff = staff;
        this.loadedSamples = loadedSamples;
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        LocalServer server;
        try {
            server = start(options);
        } catch (java.net.BindException e) {
            System.err.println("run-local: port " + options.port() + " on " + options.host()
                    + " is taken; stop what uses it, or choose another: PORT=3001 ./run-local");
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "local-server-shutdown"));
        server.printBanner(System.out);
        stopped.await();
    }

    /** Deploys the template on the endpoint and starts serving it. */
    public static LocalServer start(Options options) throws Exception {
        // Bound first, so that port 0 becomes a real port before the URLs in parameters are made.
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(options.host()), options.port()), BACKLOG);
        try {
            return start(options, server);
        } catch (Exception | Error e) {
            server.stop(0);
            throw e;
        }
    }

    private static LocalServer start(Options options, HttpServer server) throws Exception {
        int port = server.getAddress().getPort();
        URI endpoint = Moto.endpoint();
        StackTemplate template = StackTemplate.load(options.template());
        Map<String, String> parameters = localDefaults(template, options.host(), port);
        parameters.putAll(options.parameterOverrides());
        LocalDeployment deployment = LocalDeployment.create(template, options.prefix(), parameters);
        verifySender(deployment);
        boolean loadSamples = isEmpty(deployment, "GroupsTable");
        if (loadSamples) {
            SampleData.load().writeTo(deployment);
        }
        List<String> pools = template.ofType("AWS::Cognito::UserPool");
        List<String> clients = template.ofType("AWS::Cognito::UserPoolClient");
        LocalStaff staff = pools.isEmpty() || clients.isEmpty() ? null
                : LocalStaff.create(deployment, pools.get(0), clients.get(0));
        Map<String, LambdaFunction> functions = Functions.from(deployment);
        HttpApis apis = HttpApis.from(template, deployment.intrinsics());
        Map<String, JwtAuthorizer> authorizers = new LinkedHashMap<>();
        for (Route route : apis.routes()) {
            HttpApis.Api api = apis.api(route.apiId());
            api.authorizers().forEach((name, config) -> authorizers.computeIfAbsent(api.logicalId() + "/" + name,
                    key -> new JwtAuthorizer(config, endpoint, Clock.systemUTC())));
        }
        List<Gateway.Endpoint> endpoints = new ArrayList<>(List.of(new Outbox(endpoint), new CognitoProxy(endpoint)));
        if (staff != null) {
            endpoints.add(staff);
        }
        List<EventSource> sources = EventSources.from(new EventSources.Context(deployment, Clock.systemUTC()), functions);
        endpoints.add(new LocalTriggers(deployment, () -> sources));
        endpoints.add(new StaticSite(Repo.root().resolve("site")));
        Gateway gateway = new Gateway(apis, functions, authorizers, LocalDeployment.ACCOUNT_ID, endpoints, Clock.systemUTC());
        AtomicInteger n = new AtomicInteger();
        ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "http-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(threads);
        server.createContext("/", gateway);
        server.start();
        sources.forEach(EventSource::start);
        return new LocalServer(deployment, functions, apis, gateway, server, threads, sources, staff, loadSamples);
    }

    /**
     * Parameter values for a local run, for the parameters the template has: URLs on this server,
     * an example sender, and the local origin allowed by CORS besides the template's default.
     */
    static Map<String, String> localDefaults(StackTemplate template, String host, int port) {
        String base = "http://" + host + ":" + port;
        Map<String, String> defaults = new LinkedHashMap<>();
        Map<String, Object> parameters = template.parameters();
        if (parameters.containsKey("PublicBaseUrl")) {
            defaults.put("PublicBaseUrl", base);
        }
        if (parameters.containsKey("ThankYouUrl")) {
            defaults.put("ThankYouUrl", base + "/thank-you.html");
        }
        if (parameters.containsKey("GroupPageUrl")) {
            defaults.put("GroupPageUrl", base + "/#group-{groupId}");
        }
        if (parameters.containsKey("SenderEmail")) {
            defaults.put("SenderEmail", "groups@example.org");
        }
        if (parameters.containsKey("CognitoEndpoint")) {
            defaults.put("CognitoEndpoint", base + CognitoProxy.PATH);
        }
        if (parameters.containsKey("AllowedOrigins")) {
            Object declared = StackTemplate.map(parameters.get("AllowedOrigins")).get("Default");
            defaults.put("AllowedOrigins", base + ",http://localhost:" + port + (declared == null ? "" : "," + declared));
        }
        return defaults;
    }

    /** In AWS the sender address is verified in SES once, by hand; on the local endpoint it is done here. */
    private static void verifySender(LocalDeployment deployment) {
        Object sender = deployment.parameterValues().get("SenderEmail");
        if (sender != null) {
            deployment.verifyIdentity(sender.toString());
        }
    }

    private static boolean isEmpty(LocalDeployment deployment, String tableId) {
        return deployment.dynamoDb().scan(r -> r.tableName(deployment.physicalId(tableId)).limit(1)).count() == 0;
    }

    public URI url() {
        return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public LocalDeployment deployment() {
        return deployment;
    }

    public LambdaFunction function(String logicalId) {
        return functions.get(logicalId);
    }

    public List<EventSource> eventSources() {
        return sources;
    }

    public HttpApis apis() {
        return apis;
    }

    /** The local staff accounts (null for a template without a user pool). */
    public LocalStaff staff() {
        return staff;
    }

    void printBanner(PrintStream out) {
        String url = url().toString();
        StringBuilder banner = new StringBuilder();
        banner.append('\n').append("Peer support groups, running locally").append('\n');
        banner.append("  Website          ").append(url).append("/\n");
        banner.append("  API              ").append(url).append("  (").append(apis.routes().size())
                .append(" routes from template.yaml)\n");
        banner.append("  Sent email       ").append(url).append(Outbox.PATH).append('\n');
        banner.append("  AWS endpoint     ").append(Moto.target())
                .append(Moto.isOwnMoto() ? "  (moto_server, started here)" : "  (AWS_ENDPOINT_URL)").append('\n');
        banner.append("  Sample groups    ").append(loadedSamples ? "loaded" : "already there, left as they were").append('\n');
        if (staff != null) {
            banner.append("  Staff console    ").append(url).append("/console  (accounts: ").append(url).append(LocalStaff.PATH)
                    .append(")\n");
            for (LocalStaff.Account account : staff.accounts()) {
                banner.append("                   ").append(account.username()).append("  password ").append(account.password())
                        .append("  TOTP secret ").append(account.totpSecret()).append('\n');
            }
        }
        for (EventSource source : sources) {
            banner.append("  Event source     ").append(source.describe()).append('\n');
        }
        banner.append("Press Ctrl-C to stop.\n");
        out.print(banner);
        out.flush();
    }

    /** Stops serving, the event sources and the functions. The endpoint, if started here, stops with the JVM. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        sources.forEach(EventSource::close);
        server.stop(0);
        serverThreads.shutdownNow();
        gateway.close();
        functions.values().forEach(LambdaFunction::close);
        Log.info("local.stopped");
    }

}
