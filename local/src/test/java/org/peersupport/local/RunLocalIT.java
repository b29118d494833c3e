package org.peersupport.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.peersupport.testkit.Repo;
import org.peersupport.testkit.Totp;

/**
 * {@code ./run-local} itself, as a person runs it: it serves the site, the API and the console,
 * prints the URL and the staff accounts, a staff member exports as docs/operations.md shows (a token from
 * {@code scripts/staff-token}, then one curl line), and Ctrl-C (SIGINT) stops it and everything it
 * started.
 */
class RunLocalIT {
    @Test
    void runLocal_serves_thenCtrlC_leavesNoProcessBehind() throws Exception {
        int port = freePort();
        Path output = Files.createTempFile("run-local", ".log");
        // Started as a terminal starts it: with Ctrl-C's signal handled by default. A shell that runs
        // a command in the background without job control (as some CI runners start their jobs)
        // makes it ignore SIGINT, and a JVM started so keeps ignoring it; Python resets that and
        // then becomes ./run-local, which becomes the JVM, all with the same process id.
        ProcessBuilder builder = new ProcessBuilder("python3", "-c",
                "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])",
                "./run-local", "--no-build", "--parameter-overrides", "OrgName=Example Run Local")
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

            // The staff export, as docs/operations.md shows it: a token from scripts/staff-token (password, then
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

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
