package org.peersupport.shared.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class JsonTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"a\":1}{}", "{\"a\":1,\"a\":2}", "{'a':1}", "[1,]", "{\"a\":01}",
        "\"secret@example.org", "NaN"})
    void parse_whenNotExactlyOneWellFormedValue_failsWithoutQuotingTheInput(String text) {
        MalformedJsonException e = assertThrows(MalformedJsonException.class, () -> Json.parse(text));
        assertFalse(e.getMessage().contains("secret"));
    }

    @Test
    void parse_whenNestedTooDeeply_fails() {
        assertThrows(MalformedJsonException.class, () -> Json.parse("[".repeat(100) + "]".repeat(100)));
    }

    @Test
    void parse_readsPlainValues() {
        Object value = Json.parse("{\"n\": 3, \"d\": 1.5, \"s\": \"x\", \"b\": true, \"z\": null, \"l\": [1]}");
        Map<?, ?> map = (Map<?, ?>) value;
        assertEquals(3L, map.get("n"));
        assertEquals("x", map.get("s"));
        assertEquals(List.of(1L), map.get("l"));
        assertTrue(map.containsKey("z"));
    }

    @Test
    void fields_rejectControlCharactersAndBidiOverrides() {
        assertFalse(Text.isClean("Ann\u0000", false));
        assertFalse(Text.isClean("Ann\r\nBcc: x", false));
        assertTrue(Text.isClean("line one\nline two", true));
        assertFalse(Text.isClean("abc\u202edcb", true));
        assertFalse(Text.isClean("\ud800", false));
        assertTrue(Text.isClean("José 😀", false));
    }

    @Test
    void write_escapesEverything() {
        String text = Json.write(json -> {
            json.writeStartObject();
            json.writeStringField("x", "</script>\"\u2028");
            json.writeEndObject();
        });
        assertEquals("x", ((Map<?, ?>) Json.parse(text)).keySet().iterator().next());
        assertEquals("</script>\"\u2028", ((Map<?, ?>) Json.parse(text)).get("x"));
    }
}
