package org.peersupport.local.site;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.peersupport.testkit.Repo;

/** Every page of the example website carries the 988 line, with links that call and text it, in both languages. */
class CrisisLineTest {
    @Test
    void everyPage_hasTheCallAndTextLinks() throws IOException {
        List<Path> pages;
        try (Stream<Path> files = Files.list(Repo.root().resolve("site"))) {
            pages = files.filter(p -> p.toString().endsWith(".html")).sorted().toList();
        }
        assertFalse(pages.isEmpty());
        for (Path page : pages) {
            String html = Files.readString(page, StandardCharsets.UTF_8);
            assertTrue(html.contains("<a href=\"tel:988\""), page + " has no tel:988 link");
            assertTrue(html.contains("<a href=\"sms:988\""), page + " has no sms:988 link");
            assertTrue(html.contains("In crisis?"), page + " has no crisis line");
        }
        String script = Files.readString(Repo.root().resolve("site/site.js"), StandardCharsets.UTF_8);
        assertTrue(script.contains("crisisCall: \"Llame\"") && script.contains("crisisTail: \"al 988, a cualquier hora.\""),
                "the Spanish line, for pages shown in Spanish");
    }
}
