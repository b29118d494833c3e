package org.peersupport.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.peersupport.testkit.StackTemplate;

/** What ./run-local takes on its command line and which parameters it gives local values. */
class LocalServerTest {
    @Test
    void arguments_takeSamsParameterOverrides_andThePortFromEnvOrFlag() {
        LocalServer.Options options = LocalServer.Options.parse(
                new String[] {"--parameter-overrides", "SignupsPerIpPerHour=50", "OrgName=Example Org", "B=\"quoted\""},
                Map.of("PORT", "8080"));
        assertEquals(8080, options.port());
        assertEquals("127.0.0.1", options.host());
        assertEquals(Map.of("SignupsPerIpPerHour", "50", "OrgName", "Example Org", "B", "quoted"), options.parameterOverrides());
        assertEquals(Map.of("A", "1", "C", "x y"),
                LocalServer.Options.parse(new String[] {"--parameter-overrides", "A=1 C=x y"}, Map.of()).parameterOverrides());
        assertEquals(3001, LocalServer.Options.parse(new String[] {"--port", "3001"}, Map.of("PORT", "8080")).port());
        assertEquals(3000, LocalServer.Options.parse(new String[0], Map.of()).port());
        assertThrows(IllegalArgumentException.class, () -> LocalServer.Options.parse(new String[] {"--verbose"}, Map.of()));
    }

    /** Loopback only, unless the command line names another address: the outbox holds withdraw links. */
    @Test
    void theServerListensOnLoopback_unlessHostIsGiven() {
        assertEquals("127.0.0.1", LocalServer.Options.parse(new String[0], Map.of("HOST", "build-box.example.org")).host(),
                "not from the environment, where HOST may name the machine");
        assertEquals("0.0.0.0", LocalServer.Options.parse(new String[] {"--host", "0.0.0.0"}, Map.of()).host());
    }

    @Test
    void localValues_areGivenOnlyToParametersTheTemplateHas() throws Exception {
        Path file = Files.createTempFile("template", ".yaml");
        Files.writeString(file, String.join("\n",
                "Parameters:",
                "  ThankYouUrl: {Type: String, Default: https://www.example.org/thanks}",
                "  AllowedOrigins: {Type: CommaDelimitedList, Default: https://www.example.org}",
                "Resources: {}", ""));
        Map<String, String> values = LocalServer.localDefaults(StackTemplate.load(file), "127.0.0.1", 3456);
        assertEquals(Map.of("ThankYouUrl", "http://127.0.0.1:3456/thank-you.html",
                "AllowedOrigins", "http://127.0.0.1:3456,http://localhost:3456,https://www.example.org"), values);
        assertTrue(LocalServer.localDefaults(StackTemplate.load(), "127.0.0.1", 3000).keySet().stream()
                .allMatch(StackTemplate.load().parameters()::containsKey));
    }
}
