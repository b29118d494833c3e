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
 * {@code scripts/smoke-test} against {@code ./run-local}, the local run standing in for a deployment:
 * once by itself (the links from the outbox, a token as the local admin), and once as a deployment's
 * operator runs it, answering its questions.
 */
class SmokeTestIT {
    @Test
    void smokeTest_passesAgainstTheLocalRun_byItself_andAsAnOperatorAnswersIt() throws Exception {
        int port = RunLocalIT.freePort();
        Path output = Files.createTempFile("run-local", ".log");
        ProcessBuilder builder = new ProcessBuilder("./run-local", "--no-build").directory(Repo.root().toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().remove("AWS_ENDPOINT_URL");
        Process process = builder.start();
        List<ProcessHandle> children = List.of();
        try {
            String api = "http://127.0.0.1:" + port;
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            boolean up = false;
            while (!up && System.nanoTime() < deadline && process.isAlive()) {
                try {
                    up = http.send(HttpRequest.newBuilder(URI.create(api + "/groups")).timeout(Duration.ofSeconds(10)).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
                } catch (IOException notYet) {
                    Thread.sleep(100);
                }
            }
            assertTrue(up, "no 200 from ./run-local; it printed:\n" + Files.readString(output, StandardCharsets.UTF_8));
            JsonNode admin = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(URI.create(api + "/_local/staff")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).path("users").get(0);
            smokeTest_passesAgainstTheLocalRun(api);
            smokeTest_asItAsksAnOperator_passesWithPastedLinksAndASignIn(api, http, admin);
            children = process.descendants().toList();
        } finally {
            // Only what this test started, by its own handles.
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            children.forEach(ProcessHandle::destroyForcibly);
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
}
