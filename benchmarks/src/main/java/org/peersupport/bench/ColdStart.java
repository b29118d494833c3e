package org.peersupport.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.peersupport.confirmsignup.ConfirmSignupHandler;
import org.peersupport.createsignup.CreateSignupHandler;
import org.peersupport.shared.Env;
import org.peersupport.shared.aws.AwsClients;
import org.peersupport.sendconfirmation.SendConfirmationHandler;
import org.peersupport.sendconfirmation.SesEmailSender;
import org.peersupport.shared.privacy.EmailAddress;
import org.peersupport.shared.privacy.PersonalKeys;
import org.peersupport.shared.store.SignupKeys;
import org.peersupport.testkit.LocalDeployment;
import org.peersupport.testkit.Moto;
import org.peersupport.testkit.MotoOutbox;
import org.peersupport.testkit.Repo;
import org.peersupport.testkit.SampleData;
import org.peersupport.testkit.StackTemplate;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Time from a fresh JVM to the first response: moto with the stack's tables and the sample data,
 * then, round after round, one child JVM per subject — the hello-world floor, the sample-style
 * baseline and every function — each loading its own function.jar (the template's CodeUri), building
 * its handler with the environment template.yaml gives it and serving one event. Subjects are
 * interleaved within each round, so a slower stretch of a shared machine hits them all alike; one
 * untimed round first warms the page cache.
 *
 * <p>Usage: {@code ColdStart <runs> [subject...]}; {@code -Dbench.java=<java executable>} runs the
 * children on another JDK, {@code -Dbench.results=<file>} is where the table goes,
 * {@code -Dbench.jvmArgs} adds flags, {@code -Dbench.showOutput=true} shows what children print,
 * {@code -Dbench.variant.<label>=...} adds A/B variants (see {@link #variants}) and
 * {@code -Dbench.memorySizes=1024,1769} runs every subject at the CPU share of each memory size
 * ({@link CpuLimit}).
 */
public final class ColdStart {
    /**
     * Lambda-like: serial GC and the heap of a 1,024 MB function (the runtime gives the heap about
     * 85% of the memory), plus JAVA_TOOL_OPTIONS exactly as template.yaml sets it (C1 only), for
     * every subject, baselines included.
     */
    static final List<String> JVM_FLAGS = List.of("-XX:+UseSerialGC", "-Xmx870m", "-Xss512k");
    static final String HELLO = "hello-world";
    static final String SAMPLE = "sample-style";
    static final String GROUP = "connection-tue-downtown";
    private static final Pattern LINE = Pattern.compile(
            "status=(\\d+) initMs=([0-9.]+) invokeMs=([0-9.]+) classes=(\\d+) allocatedBytes=(\\d+).*");
    private static final Pattern TOKEN = Pattern.compile("/signups/withdraw\\?token=([A-Za-z0-9_-]+)");
    private static final Pattern PRIMED = Pattern.compile(".* primeMs=([0-9.]+) warmMs=([0-9.]+) firstClasses=([0-9]+).*");

    private ColdStart() {
    }

    /** Where a subject's event for one run comes from. */
    @FunctionalInterface
    interface EventFor {
        Path event(int run) throws Exception;
    }

    /**
     * {@code warmEvents}, when not null, gives the events for the warm invokes of a primed run, for a
     * function whose first event cannot be served twice alike (a link works once).
     */
    record Subject(String name, Path jar, String handler, Map<String, String> env, int expectedStatus, EventFor events,
                   long timeoutMs, List<String> jvmFlags, CpuLimit cpu, EventFor warmEvents) {
        Subject(String name, Path jar, String handler, Map<String, String> env, int expectedStatus, EventFor events,
                long timeoutMs, List<String> jvmFlags, CpuLimit cpu) {
            this(name, jar, handler, env, expectedStatus, events, timeoutMs, jvmFlags, cpu, null);
        }

        Subject withEnv(String name, String value) {
            Map<String, String> changed = new HashMap<>(env);
            changed.put(name, value);
            return new Subject(this.name, jar, handler, changed, expectedStatus, events, timeoutMs, jvmFlags, cpu, warmEvents);
        }

        Subject withWarmEvents(EventFor more) {
            return new Subject(name, jar, handler, env, expectedStatus, events, timeoutMs, jvmFlags, cpu, more);
        }

        /** The same function from another jar or with more JVM flags, measured beside it (A/B). */
        Subject variant(String label, Path otherJar, List<String> moreFlags) {
            List<String> flags = new ArrayList<>(jvmFlags);
            flags.addAll(moreFlags);
            return new Subject(label, otherJar == null ? jar : otherJar, handler, env, expectedStatus, events, timeoutMs,
                    flags, cpu);
        }

        /** The same subject with the CPU a function of {@code memoryMb} gets. */
        Subject withMemory(int memoryMb) {
            return new Subject(name + " @" + memoryMb + "MB", jar, handler, env, expectedStatus, events, timeoutMs,
                    jvmFlags, CpuLimit.forMemory(memoryMb));
        }
    }

    /** One fresh JVM; {@code primeMs}, {@code warmMs} and {@code firstClasses} are NaN unless it ran primed. */
    record Run(double totalMs, double initMs, double invokeMs, long classes, long allocatedBytes, double primeMs,
               double warmMs, double firstClasses) {
        double jvmMs() {
            return totalMs - initMs - invokeMs;
        }
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        List<String> only = args.length > 1 ? List.of(args).subList(1, args.length) : List.of();
        String java = System.getProperty("bench.java",
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Path results = Path.of(System.getProperty("bench.results", "benchmarks/target/results/cold-start.md"));
        // -Dbench.primed=true: only the functions restored from a SnapStart snapshot, each primed first.
        boolean primed = Boolean.getBoolean("bench.primed");

        // Generous per-IP limit: every run's sign-up comes from the sample event's one address.
        LocalDeployment deployment = LocalDeployment.create(Map.of("SignupsPerIpPerHour", "1000000"));
        SampleData.load().writeTo(deployment);
        List<Subject> all = subjects(deployment);
        List<Subject> subjects = new ArrayList<>();
        for (Subject subject : all) {
            boolean restored = subject.name().endsWith("Function")
                    && deployment.template().properties(subject.name()).get("SnapStart") != null;
            if ((only.isEmpty() || only.contains(subject.name())) && (!primed || restored)) {
                subjects.add(subject);
            }
        }
        if (!primed) {
            subjects.addAll(variants(all));
        }
        // -Dbench.memorySizes=512,1024,...: every chosen subject again, with the CPU Lambda gives that memory.
        String sizes = System.getProperty("bench.memorySizes", "");
        if (!sizes.isBlank()) {
            List<Subject> sized = new ArrayList<>();
            for (String size : sizes.split(",")) {
                for (Subject subject : subjects) {
                    sized.add(subject.withMemory(Integer.parseInt(size.trim())));
                }
            }
            subjects = sized;
        }
        String jvm = jvmVersion(java);
        System.out.printf("Cold starts: %d subjects, %d interleaved rounds (+1 untimed), on %s%n", subjects.size(), runs, jvm);

        Map<String, List<Run>> measured = new LinkedHashMap<>();
        subjects.forEach(s -> measured.put(s.name(), new ArrayList<>()));
        for (int round = 0; round <= runs; round++) {
            for (Subject subject : subjects) {
                Run run = runOnce(java, subject, round);
                if (round > 0) {
                    measured.get(subject.name()).add(run);
                }
                System.out.printf(Locale.ROOT, "%s %-17s %6.0f ms (jvm %.0f, init %.0f, invoke %.0f; %d classes, %.1f MB)%n",
                        round == 0 ? "warm-up " : "round " + round, subject.name(), run.totalMs(), run.jvmMs(),
                        run.initMs(), run.invokeMs(), run.classes(), run.allocatedBytes() / 1e6);
            }
        }
        String table = primed ? primedTable(subjects, measured, runs, jvm) : table(subjects, measured, runs, jvm);
        for (Subject subject : subjects) {
            if (subject.cpu() != null) {
                subject.cpu().remove();
            }
        }
        System.out.println();
        System.out.println(table);
        Files.createDirectories(results.toAbsolutePath().getParent());
        Files.writeString(results, table);
    }

    static List<Subject> subjects(LocalDeployment deployment) {
        StackTemplate template = deployment.template();
        String toolOptions = toolOptions(template);
        Path root = Repo.root();
        List<Subject> subjects = new ArrayList<>();
        // The baselines get what a function's environment starts from, and the template's JVM options.
        Map<String, String> base = new HashMap<>(System.getenv());
        base.put("AWS_REGION", deployment.region().id());
        base.put("JAVA_TOOL_OPTIONS", toolOptions);
        subjects.add(new Subject(HELLO, root.resolve("benchmarks/hello-world/target/function.jar"),
                "org.peersupport.bench.hello.HelloHandler", base, 200, run -> Events.file("list-groups.json"), 10_000, List.of(),
                null));
        Map<String, String> sampleEnv = new HashMap<>(base);
        sampleEnv.put("GROUPS_TABLE", deployment.physicalId("GroupsTable"));
        sampleEnv.put("CLOSURES_TABLE", deployment.physicalId("ClosuresTable"));
        subjects.add(new Subject(SAMPLE, root.resolve("benchmarks/sample-listings/target/function.jar"),
                "org.peersupport.bench.sample.SampleListingsHandler", sampleEnv, 200,
                run -> Events.file("list-groups.json"), 10_000, List.of(), null));

        Path events = root.resolve("benchmarks/target/events");
        SignupChain chain = new SignupChain(deployment);
        boolean primed = Boolean.getBoolean("bench.primed");
        Subject listGroups = function(deployment, "ListGroupsFunction", 200, run -> Events.file("list-groups.json"));
        // A function restored from a snapshot made at deploy finds its listing cache (seconds long)
        // expired, so its first request reads the tables; primed, every invoke does, first and warm alike.
        subjects.add(primed ? listGroups.withEnv("LISTING_CACHE_SECONDS", "0") : listGroups);
        subjects.add(function(deployment, "CreateSignupFunction", 202,
                run -> Events.write(Events.signup(GROUP), events.resolve("create-signup-" + run + ".json"))));
        subjects.add(function(deployment, "SendConfirmationFunction", 200,
                run -> Events.write(chain.streamEvent(run), events.resolve("send-confirmation-" + run + ".json"))));
        // Primed, the mailer is not measured, so the withdrawal's sign-up gets its confirm request here.
        subjects.add(function(deployment, "WithdrawSignupFunction", 200, run -> {
            if (primed) {
                chain.sendConfirmRequest(4_000_000 + run);
            }
            return Events.write(chain.withdrawEvent(), events.resolve("withdraw-" + run + ".json"));
        }).withWarmEvents(run -> {
            chain.sendConfirmRequest(5_000_000 + run);
            return Events.write(chain.withdrawEvent(), events.resolve("withdraw-warm-" + run + ".json"));
        }));
        subjects.add(function(deployment, "ConfirmSignupFunction", 200,
                run -> Events.write(chain.confirmEvent(run), events.resolve("confirm-" + run + ".json")))
                .withWarmEvents(run -> Events.write(chain.confirmEvent(6_000_000 + run),
                        events.resolve("confirm-warm-" + run + ".json"))));
        subjects.add(function(deployment, "ServeConsoleFunction", 200, run -> Events.file("console-page.json")));
        subjects.add(function(deployment, "ExportSignupsFunction", 200, run -> Events.file("export-signups.json")));
        subjects.add(function(deployment, "ManageGroupsFunction", 200, run -> Events.file("list-staff-groups.json")));
        subjects.add(function(deployment, "EraseSignupsFunction", 200, run -> Events.file("erase-signups.json")));
        subjects.add(function(deployment, "ListAuditFunction", 200, run -> Events.file("list-audit.json")));
        return subjects;
    }

    /**
     * A/B variants from system properties {@code bench.variant.<label>=<subject>|<jar or empty>|<JVM flags, comma-separated>},
     * e.g. {@code -Dbench.variant.list-groups-before=ListGroupsFunction|../before/function.jar|}.
     */
    static List<Subject> variants(List<Subject> all) {
        List<Subject> variants = new ArrayList<>();
        for (String key : new java.util.TreeSet<>(System.getProperties().stringPropertyNames())) {
            if (!key.startsWith("bench.variant.")) {
                continue;
            }
            String[] parts = System.getProperty(key).split("\\|", -1);
            Subject base = all.stream().filter(s -> s.name().equals(parts[0])).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("No subject " + parts[0]));
            List<String> flags = parts.length > 2 && !parts[2].isBlank() ? List.of(parts[2].trim().split("[\\s,]+")) : List.of();
            variants.add(base.variant(key.substring("bench.variant.".length()),
                    parts.length > 1 && !parts[1].isBlank() ? Path.of(parts[1]) : null, flags));
        }
        return variants;
    }

    static String toolOptions(StackTemplate template) {
        return (String) StackTemplate.map(StackTemplate.map(template.functionGlobals().get("Environment")).get("Variables"))
                .get("JAVA_TOOL_OPTIONS");
    }

    private static Subject function(LocalDeployment deployment, String logicalId, int status, EventFor events) {
        Map<String, Object> properties = deployment.template().properties(logicalId);
        return new Subject(logicalId, Repo.root().resolve((String) properties.get("CodeUri")),
                (String) properties.get("Handler"), deployment.environment(logicalId), status, events,
                deployment.functionSetting(logicalId, "Timeout", 3) * 1000L, List.of(), null);
    }

    /**
     * Real work for the mailer and the withdrawal in every round: a sign-up made through the
     * create-signup handler (in this JVM, untimed), whose confirm request's stream record the
     * mailer's cold start handles (one email through SES); then, for the withdrawal, that request
     * confirmed and the details email sent (in this JVM, untimed), whose token the withdrawal's
     * cold start uses.
     */
    static final class SignupChain {
        private static final Pattern CONFIRM = Pattern.compile("/signups/confirm\\?token=([A-Za-z0-9_-]+)");
        private final LocalDeployment deployment;
        private final CreateSignupHandler signups;
        private final ConfirmSignupHandler confirmations;
        private final SendConfirmationHandler mailer;
        private final PersonalKeys keys;
        private String lastEmail;

        SignupChain(LocalDeployment deployment) {
            this.deployment = deployment;
            Env env = deployment.env("CreateSignupFunction");
            this.signups = new CreateSignupHandler(env, AwsClients.dynamoDb(env), AwsClients.kms(env), Clock.systemUTC());
            this.confirmations = new ConfirmSignupHandler(deployment.env("ConfirmSignupFunction"),
                    AwsClients.dynamoDb(deployment.env("ConfirmSignupFunction")), Clock.systemUTC());
            Env mailerEnv = deployment.env("SendConfirmationFunction");
            this.mailer = new SendConfirmationHandler(mailerEnv, AwsClients.dynamoDb(mailerEnv),
                    SesEmailSender.client(mailerEnv, AwsClients.http()), Clock.systemUTC());
            this.keys = new PersonalKeys(PersonalKeys.kms(AwsClients.kms(env), env.required("EMAIL_HASH_KEY")));
        }

        /** A new unconfirmed sign-up, and the stream batch that announces its confirm request. */
        Map<String, Object> streamEvent(int run) {
            Map<String, Object> event = Events.signup(GROUP);
            int status = signups.handleRequest(Invoker.httpEvent(event), null).getStatusCode();
            if (status != 202) {
                throw new IllegalStateException("Seeding a sign-up answered " + status);
            }
            lastEmail = Events.email(event);
            return Events.streamInsert(SignupKeys.groupPk(GROUP), lastMessageSk(), 1_000_000L + run);
        }

        /** The key of the newest message of the last sign-up. */
        private String lastMessageSk() {
            String prefix = SignupKeys.messageSkPrefix(keys.emailKey(EmailAddress.of(lastEmail)));
            List<Map<String, AttributeValue>> items = deployment.dynamoDb().query(q -> q
                    .tableName(deployment.physicalId("SignupsTable")).consistentRead(true)
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :p)")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(SignupKeys.groupPk(GROUP)),
                            ":p", AttributeValue.fromS(prefix)))).items();
            return items.get(items.size() - 1).get("sk").s();
        }

        /** A new sign-up whose confirm request has gone (in this JVM, untimed): its confirmation, by form. */
        Map<String, Object> confirmEvent(int run) throws Exception {
            sendConfirmRequest(3_000_000 + run);
            List<MotoOutbox.Mail> mail = MotoOutbox.to(lastEmail);
            Matcher confirm = mail.isEmpty() ? null : CONFIRM.matcher(mail.get(mail.size() - 1).text());
            if (confirm == null || !confirm.find()) {
                throw new IllegalStateException("The seeded sign-up got no email with a confirm link");
            }
            return Events.confirm(confirm.group(1));
        }

        /** A new sign-up, and its confirm request sent by the mailer in this JVM (untimed). */
        void sendConfirmRequest(int run) throws java.io.IOException {
            String batch = Events.json(streamEvent(run));
            mailer.handleRequest(new java.io.ByteArrayInputStream(batch.getBytes(StandardCharsets.UTF_8)),
                    new java.io.ByteArrayOutputStream(), null);
        }

        /** The withdrawal with the token of the last sign-up's details email (after its confirm request went). */
        Map<String, Object> withdrawEvent() throws Exception {
            List<MotoOutbox.Mail> mail = MotoOutbox.to(lastEmail);
            Matcher confirm = mail.isEmpty() ? null : CONFIRM.matcher(mail.get(mail.size() - 1).text());
            if (confirm == null || !confirm.find()) {
                throw new IllegalStateException("The mailer's run sent no email with a confirm link");
            }
            int status = confirmations.handleRequest(Invoker.httpEvent(Events.confirm(confirm.group(1))), null)
                    .getStatusCode();
            if (status != 200) {
                throw new IllegalStateException("Confirming the seeded sign-up answered " + status);
            }
            String batch = Events.json(Events.streamInsert(SignupKeys.groupPk(GROUP), lastMessageSk(), 2_000_000L));
            mailer.handleRequest(new java.io.ByteArrayInputStream(batch.getBytes(StandardCharsets.UTF_8)),
                    new java.io.ByteArrayOutputStream(), null);
            mail = MotoOutbox.to(lastEmail);
            Matcher token = TOKEN.matcher(mail.get(mail.size() - 1).text());
            if (!token.find()) {
                throw new IllegalStateException("The details email has no withdraw link");
            }
            return Events.withdraw(token.group(1));
        }
    }

    static Run runOnce(String java, Subject subject, int round) throws Exception {
        Path event = subject.events().event(round);
        String invokerClasses = Path.of(Invoker.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(JVM_FLAGS);
        command.addAll(subject.jvmFlags());
        command.add("-Dbench.timeoutMs=" + subject.timeoutMs());
        if (Boolean.getBoolean("bench.primed")) {
            command.add("-Dbench.primed=true");
        }
        String extra = System.getProperty("bench.jvmArgs", "");
        if (!extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        // Only the invoker's own classes beside the jar: the rest of the harness is not on the path.
        command.addAll(List.of("-cp", subject.jar() + File.pathSeparator + invokerClasses,
                Invoker.class.getName(), subject.handler(), event.toString()));
        if (Boolean.getBoolean("bench.primed") && subject.warmEvents() != null) {
            for (int i = 0; i < Invoker.WARM_INVOKES; i++) {
                command.add(subject.warmEvents().event(round * 100 + i).toString());
            }
        }
        if (subject.cpu() != null) {
            command = subject.cpu().wrap(command);
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(subject.env());
        builder.environment().put("AWS_ENDPOINT_URL", Moto.endpoint().toString());
        builder.environment().put("AWS_ACCESS_KEY_ID", "test");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "test");
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
        Matcher m = status == null ? null : LINE.matcher(status);
        if (m == null || !m.matches() || Integer.parseInt(m.group(1)) != subject.expectedStatus()) {
            throw new IllegalStateException("Expected " + subject.expectedStatus() + " from " + subject.name() + ", got: "
                    + status + "\n" + output);
        }
        Matcher p = PRIMED.matcher(status);
        boolean primed = p.matches();
        return new Run(elapsed, Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)),
                Long.parseLong(m.group(4)), Long.parseLong(m.group(5)), primed ? Double.parseDouble(p.group(1)) : Double.NaN,
                primed ? Double.parseDouble(p.group(2)) : Double.NaN, primed ? Double.parseDouble(p.group(3)) : Double.NaN);
    }

    static String table(List<Subject> subjects, Map<String, List<Run>> measured, int runs, String jvm) {
        double hello = measured.containsKey(HELLO) ? Stats.median(measured.get(HELLO), Run::totalMs) : Double.NaN;
        double sample = measured.containsKey(SAMPLE) ? Stats.median(measured.get(SAMPLE), Run::totalMs) : Double.NaN;
        if (subjects.stream().anyMatch(s -> s.cpu() != null)) {
            return memoryTable(subjects, measured, runs, jvm);
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s; %d fresh JVMs per subject, interleaved; flags `%s` + JAVA_TOOL_OPTIONS `%s`.%n%n",
                jvm, runs, String.join(" ", JVM_FLAGS), toolOptions(StackTemplate.load())));
        out.append("| subject | median ms (min–max) | JVM start | init | first invoke | ×hello | ×sample | classes loaded | MB allocated | jar bytes |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Subject subject : subjects) {
            List<Run> r = measured.get(subject.name());
            double median = Stats.median(r, Run::totalMs);
            boolean function = subject.name().endsWith("Function");
            out.append(String.format(Locale.ROOT, "| %s | %.0f (%.0f–%.0f) | %.0f | %.0f | %.0f | %s | %s | %.0f | %.1f | %,d |%n",
                    subject.name(), median, Stats.min(r, Run::totalMs), Stats.max(r, Run::totalMs),
                    Stats.median(r, Run::jvmMs), Stats.median(r, Run::initMs), Stats.median(r, Run::invokeMs),
                    ratio(median, hello, function ? 2.0 : Double.NaN, true),
                    ratio(median, sample, function ? 0.5 : Double.NaN, true),
                    Stats.median(r, run -> (double) run.classes()), Stats.median(r, run -> (double) run.allocatedBytes()) / 1e6,
                    size(subject.jar())));
        }
        out.append("\nTargets: ×hello ≤ 2.0 and ×sample ≤ 0.5 for every function (✓ met, ✗ not met).\n");
        return out.toString();
    }

    /**
     * What a function restored from a snapshot still pays on its first request: in each fresh JVM,
     * the handler built, its SnapStart hook run (the prime, which the snapshot would hold), then the
     * first invoke, against the median of ten more invokes of the same event in that JVM.
     */
    static String primedTable(List<Subject> subjects, Map<String, List<Run>> measured, int runs, String jvm) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s; %d fresh JVMs per function, interleaved; flags `%s` + JAVA_TOOL_OPTIONS `%s`; "
                + "medians over the JVMs.%n%n", jvm, runs, String.join(" ", JVM_FLAGS), toolOptions(StackTemplate.load())));
        out.append("| function | init (snapshotted) | prime (snapshotted) | first invoke after priming | classes it loaded "
                + "| warm invoke (median of 10) | first ÷ warm |\n|---|---:|---:|---:|---:|---:|---:|\n");
        for (Subject subject : subjects) {
            List<Run> r = measured.get(subject.name());
            double first = Stats.median(r, Run::invokeMs);
            double warm = Stats.median(r, Run::warmMs);
            out.append(String.format(Locale.ROOT, "| %s | %.0f ms | %.0f ms | %.3f ms | %.0f | %.3f ms | %s |%n",
                    subject.name(), Stats.median(r, Run::initMs), Stats.median(r, Run::primeMs), first,
                    Stats.median(r, Run::firstClasses), warm, ratio(first, warm, 2.0, true)));
        }
        out.append("\nTarget: the first invoke after priming at most 2× a warm one (✓ met, ✗ not met). Restoring the "
                + "snapshot itself is Lambda's and is not measured here.\n");
        return out.toString();
    }

    /** Cold starts by memory size (the CPU share Lambda gives it), each against the floor at the same size. */
    static String memoryTable(List<Subject> subjects, Map<String, List<Run>> measured, int runs, String jvm) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s; %d fresh JVMs per subject, interleaved; each JVM in a CPU cgroup "
                + "(CFS quota) with the share of one core that Lambda gives that memory size (1,769 MB = 1 vCPU).%n%n",
                jvm, runs));
        out.append("| subject | CPU | median ms (min–max) | JVM start | init | first invoke |\n|---|---:|---:|---:|---:|---:|\n");
        for (Subject subject : subjects) {
            List<Run> r = measured.get(subject.name());
            out.append(String.format(Locale.ROOT, "| %s | %.2f | %.0f (%.0f–%.0f) | %.0f | %.0f | %.0f |%n", subject.name(),
                    subject.cpu().share(), Stats.median(r, Run::totalMs), Stats.min(r, Run::totalMs),
                    Stats.max(r, Run::totalMs), Stats.median(r, Run::jvmMs), Stats.median(r, Run::initMs),
                    Stats.median(r, Run::invokeMs)));
        }
        return out.toString();
    }

    private static String ratio(double value, double base, double target, boolean lowerIsBetter) {
        if (Double.isNaN(base)) {
            return "–";
        }
        double ratio = value / base;
        String mark = Double.isNaN(target) ? "" : (lowerIsBetter ? ratio <= target : ratio >= target) ? " ✓" : " ✗";
        return String.format(Locale.ROOT, "%.2f%s", ratio, mark);
    }

    private static long size(Path jar) {
        try {
            return Files.size(jar);
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    static String jvmVersion(String java) throws Exception {
        Process process = new ProcessBuilder(java, "-XshowSettings:properties", "-version").redirectErrorStream(true).start();
        String vendor = "";
        String version = "";
        String vm = "";
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                String t = line.trim();
                if (t.startsWith("java.vendor = ")) {
                    vendor = t.substring("java.vendor = ".length());
                } else if (t.startsWith("java.runtime.version = ")) {
                    version = t.substring("java.runtime.version = ".length());
                } else if (t.startsWith("java.vm.name = ")) {
                    vm = t.substring("java.vm.name = ".length());
                }
            }
        }
        process.waitFor();
        return "Java " + version + " (" + vendor + ", " + vm + ")";
    }
}
