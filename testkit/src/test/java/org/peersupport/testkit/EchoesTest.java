package org.peersupport.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The fuzz tests' echo oracle: it must catch a value that comes back, in any escaping, and nothing else. */
class EchoesTest {
    private final Echoes echoes = new Echoes();

    EchoesTest() {
        echoes.learn("{\"error\":{\"message\":\"Please check the email address.\"}}");
    }

    @Test
    void aValueThatComesBack_isFound_rawOrEscapedForJsonHtmlOrUrls() {
        assertEquals(List.of("Río \"Grande\""), echoes.foundIn("{\"name\":\"río \\\"grande\\\"\"}", List.of("Río \"Grande\"")));
        assertEquals(List.of("Río\tGrande"), echoes.foundIn("{\"name\":\"r\\u00edo\\tgrande\"}", List.of("Río\tGrande")));
        assertEquals(List.of("Ana\bMaría\u0001"), echoes.foundIn("{\"name\":\"ana\\bmaría\\u0001\"}", List.of("Ana\bMaría\u0001")));
        assertEquals(List.of("<b>Jo</b>"), echoes.foundIn("<p>&lt;b&gt;jo&lt;/b&gt;</p>", List.of("<b>Jo</b>")));
        assertEquals(List.of("a b@c.d"), echoes.foundIn("Location: /x?e=a+b%40c.d", List.of("a b@c.d")));
    }

    @Test
    void theHandlersOwnWords_shortValuesAndTimestampDigits_areNotEchoes() {
        assertEquals(List.of(), echoes.foundIn("Please check the email address.", List.of("Please", "email", "abc", "2026")));
    }

    @Test
    void aValueInsideAParameterNameThatIsNamedBack_isNotAnEcho_butTheSameValueElsewhereIs() {
        String answer = "{\"fields\":{\"p\\u000enNNNNNNN\":\"This parameter is not accepted.\"}}";
        assertEquals(List.of(), echoes.foundIn(answer, List.of("NNNN"), List.of("p\u000EnNNNNNNN")));
        assertEquals(List.of("NNNN"), echoes.foundIn(answer + " NNNN", List.of("NNNN"), List.of("p\u000EnNNNNNNN")));
        // A shorter name inside a longer one, whatever the order they were sent in.
        String both = "{\"fields\":{\"0000\":\"x\",\"0000-hybotNNNNNNNN\":\"x\"}}";
        assertEquals(List.of(), echoes.foundIn(both, List.of("NNNN"), List.of("0000", "0000-hybotNNNNNNNN")));
    }
}
