package org.peersupport.shared.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LambdaEventTest {
    private static ByteArrayInputStream input(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anObject_isReadAsIs() throws Exception {
        assertEquals(List.of(), LambdaEvent.read(input("{\"Records\": []}"), "test.unreadable_event").get("Records"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[{\"Records\": []}]", "\"ana@example.org\"", "{\"Records\": "})
    void anythingElse_isRefusedForARetry_andLoggedByItsEventNameAlone(String text) {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThrows(IllegalArgumentException.class, () -> LambdaEvent.read(input(text), "test.unreadable_event"));
        } finally {
            System.setOut(out);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("\"event\":\"test.unreadable_event\""), log);
        assertFalse(!text.isEmpty() && log.contains(text), "the log quotes the event: " + log);
    }
}
