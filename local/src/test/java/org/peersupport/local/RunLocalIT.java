package org.peersupport.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.peersupport.testkit.PersonalData;
import org.peersupport.testkit.Repo;
import org.peersupport.testkit.Totp;

/**
 * {@code ./run-local} itself, as a person runs it: it serves the site, the API and the console,
 * prints the URL and the staff accounts, a staff member exports as the README shows (a token from
 * {@code scripts/staff-token}, then one curl line), {@code scripts/smoke-test} passes against it as
 * it would against a deployment, and Ctrl-C (SIGINT) stops it and everything it started.
 */
class RunLocalIT {
    @Test
    void runLocal_serves_thenCtrlC_leavesNoProcessBehind() throws Exception {
        int port = freePort();
        Path output = Files.createTempFile("run-local", ".log");
        ProcessBuilder builder = new ProcessBuilder("./run-local", "--no-build",
                "--parameter-overrides", "OrgName=Example Run Local")
                .directory(Repo.root().toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().remove("AWS_ENDPOINT_URL");
        long started = System.nanoTime();
        Process process = builder.start();
        List<ProcessHandle> started_ = List.of();
        try {
            HttpClient http = HttpClient.newHttpClient();
            URI groups = URI.create("http://127.0.0.1:" + port + "/groups");
            HttpResponse<String> first = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (first == null && System.nanoTime() < deadline && process.isAlive()) {
                try {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(groups).timeout(Duration.ofSeconds(10)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        first = response;
                    }
                } catch (IOException notYet) {
                    Thread.sleep(100);
                }
            }
            String log = Files.readString(output, StandardCharsets.UTF_8);
            assertTrue(first != null, "no 200 from ./run-local; it printed:\n" + log);
            System.out.printf("./run-local: first 200 from GET /groups after %.1f s%n", (System.nanoTime() - started) / 1e9);
            assertTrue(first.body().contains("\"groups\""));
            HttpResponse<String> site = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, site.statusCode());
            assertTrue(log.contains("http://127.0.0.1:" + port + "/"), log);
            assertTrue(log.contains("http://127.0.0.1:" + port + "/console") && log.contains("local-admin"), log);
            assertEquals(200, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/console")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());

            // The staff export, as the README shows it: a token from scripts/staff-token (password, then
            // the authenticator app's code), then one curl line with it, through the real function.
            String api = "http://127.0.0.1:" + port;
            JsonNode admin = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(URI.create(api + "/_local/staff")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).path("users").get(0);
            assertEquals("local-admin", admin.path("username").asText());
            ProcessBuilder export = new ProcessBuilder("bash", "-c",
                    "TOKEN=$(scripts/staff-token \"$API\" local-admin) && curl -sS -H \"Authorization: Bearer $TOKEN\" "
                            + "\"$API/staff/signups?groupId=connection-tue-downtown\"")
                    .directory(Repo.root().toFile()).redirectErrorStream(true);
            export.environment().put("API", api);
            Process exporting = export.start();
            exporting.getOutputStream().write((admin.path("password").asText() + "\n" + Totp.fresh(admin.path("totpSecret").asText())
                    + "\n").getBytes(StandardCharsets.UTF_8));
            exporting.getOutputStream().close();
            String csv = new String(exporting.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(exporting.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, exporting.exitValue(), csv);
            assertTrue(csv.startsWith("\"signupId\",\"groupId\",\"groupName\",\"createdAt\",\"firstName\",\"email\""), csv);
            LocalServerIT.Curl anonymous = LocalServerIT.curl(api + "/staff/signups");
            assertEquals(401, anonymous.status());
            assertEquals("{\"message\":\"Unauthorized\"}", anonymous.body());

            smokeTest_passesAgainstTheLocalRun(api);
            smokeTest_asItAsksAnOperator_passesWithPastedLinksAndASignIn(api, http, admin);

            started_ = process.descendants().toList();
            assertFalse(started_.isEmpty(), "moto_server runs as a child of the server");
            new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start().waitFor();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "still running 30 s after Ctrl-C");
            for (ProcessHandle child : started_) {
                child.onExit().get(10, TimeUnit.SECONDS);
                assertFalse(child.isAlive(), "left running after Ctrl-C: " + child.info().command().orElse("?"));
            }
            try (ServerSocket again = new ServerSocket(port)) {
                assertEquals(port, again.getLocalPort(), "the port is free again");
            }
        } finally {
            // Only what this test started, by its own handles.
            started_.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    /** {@code scripts/smoke-test}, by itself: the links from the outbox, a token as the local admin. */
    private static void smokeTest_passesAgainstTheLocalRun(String api) throws Exception {
        Process smoke = new ProcessBuilder("scripts/smoke-test", api).directory(Repo.root().toFile())
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String output = new String(smoke.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(smoke.waitFor(120, TimeUnit.SECONDS), output);
        System.out.print(output);
        assertEquals(0, smoke.exitValue(), output);
        assertEquals(List.of("PASS sign-up", "PASS confirmation", "PASS staff export", "PASS withdrawal"),
                output.lines().filter(line -> line.startsWith("PASS") || line.startsWith("FAIL"))
                        .map(line -> line.substring(0, line.indexOf(':'))).toList(), output);
    }

    /**
     * {@code scripts/smoke-test} as a deployment's operator runs it (SMOKE_ASK=yes): it asks for the
     * confirm link, the staff password and code ({@code scripts/staff-token}) and the withdraw link,
     * and this test answers as the operator would, from the outbox as their mailbox.
     */
    private static void smokeTest_asItAsksAnOperator_passesWithPastedLinksAndASignIn(String api, HttpClient http, JsonNode admin)
            throws Exception {
        String email = PersonalData.person().email();
        ProcessBuilder builder = new ProcessBuilder("scripts/smoke-test", api).directory(Repo.root().toFile()).redirectErrorStream(true);
        builder.environment().putAll(Map.of("SMOKE_ASK", "yes", "SMOKE_EMAIL", email, "STAFF_USER", "local-admin"));
        Process smoke = builder.start();
        Transcript transcript = new Transcript(smoke.getInputStream());
        try (Writer operator = new OutputStreamWriter(smoke.getOutputStream(), StandardCharsets.UTF_8)) {
            transcript.await("/signups/confirm?token=) here:");
            operator.write(mailedLink(http, api, email, "/signups/confirm?token=") + "\n");
            operator.write(admin.path("password").asText() + "\n" + Totp.fresh(admin.path("totpSecret").asText()) + "\n");
            operator.flush();
            transcript.await("/signups/withdraw?token=) here:");
            operator.write(mailedLink(http, api, email, "/signups/withdraw?token=") + "\n");
        }
        assertTrue(smoke.waitFor(120, TimeUnit.SECONDS), transcript.text());
        transcript.awaitEnd();
        assertEquals(0, smoke.exitValue(), transcript.text());
        assertTrue(transcript.text().contains("smoke-test: all 4 steps passed"), transcript.text());
        assertFalse(transcript.text().contains(email), "the operator's address is never printed");
    }

    /** The newest link with that path in the text of an email the outbox holds for the address. */
    private static String mailedLink(HttpClient http, String api, String email, String path) throws Exception {
        Pattern link = Pattern.compile("https?://\\S+" + Pattern.quote(path) + "[^\\s\"<>&]+");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String found = null;
            for (JsonNode message : new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(URI.create(api + "/_local/outbox")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).path("messages")) {
                Matcher matcher = link.matcher(message.path("text").asText());
                if (message.path("to").toString().contains(email) && matcher.find()) {
                    found = matcher.group();
                }
            }
            if (found != null) {
                return found;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no " + path + " link in the outbox after 30 s");
    }

    /** What a process writes, as it writes it, so a test can answer its prompts. */
    private static final class Transcript {
        private final StringBuilder text = new StringBuilder();
        private final Thread reader;

        Transcript(java.io.InputStream output) {
            reader = new Thread(() -> {
                try (Reader in = new InputStreamReader(output, StandardCharsets.UTF_8)) {
                    char[] buffer = new char[1024];
                    for (int n; (n = in.read(buffer)) >= 0; ) {
                        synchronized (this) {
                            text.append(buffer, 0, n);
                            notifyAll();
                        }
                    }
                } catch (IOException closed) {
                    // the process ended
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        synchronized String text() {
            return text.toString();
        }

        synchronized void await(String prompt) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (text.indexOf(prompt) < 0) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0 || !reader.isAlive()) {
                    throw new AssertionError("no prompt \"" + prompt + "\"; the script wrote:\n" + text);
                }
                wait(Math.min(left, 1000));
            }
        }

        void awaitEnd() throws InterruptedException {
            reader.join(TimeUnit.SECONDS.toMillis(30));
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
