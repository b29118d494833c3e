package org.peersupport.shared.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.peersupport.shared.Env;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestParsingTest {
    static APIGatewayV2HTTPEvent withBody(String contentType, String body, boolean base64) {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setHeaders(contentType == null ? Map.of() : Map.of("content-type", contentType));
        event.setBody(body);
        event.setIsBase64Encoded(base64);
        return event;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        "application/json                                  | JSON",
        "Application/JSON; charset=UTF-8                   | JSON",
        "application/x-www-form-urlencoded                 | FORM",
        "application/x-www-form-urlencoded;charset=\"utf-8\" | FORM",
        "application/x-www-form-urlencoded; charset=iso-8859-1 | null",
        "text/plain                                        | null",
        "multipart/form-data; boundary=x                   | null",
        "null                                              | null",
    })
    void mediaTypes_onlyJsonAndFormsInUtf8(String contentType, String expected) {
        RequestBodies.Type type = RequestBodies.type(withBody(contentType, "", false));
        assertEquals(expected == null ? null : RequestBodies.Type.valueOf(expected), type);
    }

    @Test
    void bodies_overTheLimitAreRefused_plainOrBase64() {
        String exactly = "a".repeat(RequestBodies.MAX_BYTES);
        assertEquals(exactly, RequestBodies.text(withBody("application/json", exactly, false), RequestBodies.MAX_BYTES));
        String over = exactly + "a";
        assertThrows(RequestBodies.TooLargeException.class,
                () -> RequestBodies.text(withBody("application/json", over, false), RequestBodies.MAX_BYTES));
        String encoded = Base64.getEncoder().encodeToString(over.getBytes(StandardCharsets.UTF_8));
        assertThrows(RequestBodies.TooLargeException.class,
                () -> RequestBodies.text(withBody("application/json", encoded, true), RequestBodies.MAX_BYTES));
        // multi-byte characters count as bytes, not characters
        String wide = "é".repeat(RequestBodies.MAX_BYTES / 2 + 1);
        assertThrows(RequestBodies.TooLargeException.class,
                () -> RequestBodies.text(withBody("application/json", wide, false), RequestBodies.MAX_BYTES));
    }

    @Test
    void base64Bodies_areDecoded_andBrokenOnesRefused() {
        String form = "firstName=Ana&consent=on";
        String encoded = Base64.getEncoder().encodeToString(form.getBytes(StandardCharsets.UTF_8));
        assertEquals(form, RequestBodies.text(withBody("application/x-www-form-urlencoded", encoded, true), 8192));
        assertThrows(RequestBodies.MalformedBodyException.class,
                () -> RequestBodies.text(withBody("application/json", "%%%", true), 8192));
        String notUtf8 = Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, (byte) 0xfe});
        assertThrows(RequestBodies.MalformedBodyException.class,
                () -> RequestBodies.text(withBody("application/json", notUtf8, true), 8192));
        assertEquals("", RequestBodies.text(withBody("application/json", null, false), 8192));
    }

    @Test
    void forms_decodePlusAndPercentEscapes_keepRepeats_andRefuseBrokenEscapes() {
        FormData form = FormData.parse("firstName=Jos%C3%A9+Luis&email=a%40example.org&empty=&flag&x=1&x=2&&");
        assertEquals("José Luis", form.first("firstName"));
        assertEquals("a@example.org", form.first("email"));
        assertEquals("", form.first("empty"));
        assertEquals("", form.first("flag"));
        assertTrue(form.isRepeated("x"));
        assertEquals(List.of("1", "2"), form.all("x"));
        assertNull(form.first("missing"));
        assertThrows(RequestBodies.MalformedBodyException.class, () -> FormData.parse("a=%E"));
        assertThrows(RequestBodies.MalformedBodyException.class, () -> FormData.parse("a=%zz"));
        assertThrows(RequestBodies.MalformedBodyException.class, () -> FormData.parse("a=%C3%28"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        "es-MX,es;q=0.9,en;q=0.8 | es",
        "en-US,en;q=0.9,es;q=0.8 | en",
        "fr-CA,fr;q=0.9,es;q=0.5 | es",
        "fr                      | en",
        "es;q=0,en               | en",
        "null                    | en",
    })
    void acceptLanguage_picksTheReadersPreferredSupportedLanguage(String header, String expected) {
        assertEquals(expected, Languages.fromAcceptLanguage(header, "en"));
    }

    @Test
    void pages_escapeEverything_andForbidScriptsFramesAndCaching() throws Exception {
        var site = new Html.Site("Amigos & <Apoyo>", "https://www.example.org/");
        var page = Html.page(site, 400, "es", "T<", Html.template(RequestParsingTest.class, "test-page"),
                Map.of("text", "<script>&\"'"), "https://www.example.org");
        String body = page.getBody();
        assertTrue(body.startsWith("<!DOCTYPE html>\n<html lang=\"es\">"));
        assertTrue(body.contains("<title>T&lt; · Amigos &amp; &lt;Apoyo&gt;</title>"), "whose page it is, in the tab too");
        assertTrue(body.contains("<header>\n<p class=\"org\"><a href=\"https://www.example.org/\">Amigos &amp; &lt;Apoyo&gt;</a>"),
                "the organisation's name at the top, leading home");
        assertTrue(body.indexOf("¿En crisis? <a href=\"tel:988\">Llame</a> o <a href=\"sms:988\">envíe un texto</a> al 988")
                < body.indexOf("<main>"), "988 to call or text before the page's content");
        assertTrue(body.contains("<main>\n<p>&lt;script&gt;&amp;&quot;&#39;</p>\n<p class=\"back\">"), body);
        assertTrue(body.contains("<p class=\"back\"><a href=\"https://www.example.org/\">Volver a Amigos &amp; &lt;Apoyo&gt;</a>"),
                "a way back after it");
        assertTrue(body.contains("<a href=\"tel:988\">llame</a> o <a href=\"sms:988\">envíe un mensaje de texto</a>"
                + " al 988"), "988 to call or text from the page");
        String english = Html.message(site, 404, "en", "T", "x").getBody();
        assertTrue(english.contains("<footer>\n<p>If you are in crisis, <a href=\"tel:988\">call</a> or"
                + " <a href=\"sms:988\">text</a> 988"), english);
        Map<String, String> headers = page.getHeaders();
        assertEquals("text/html; charset=utf-8", headers.get("Content-Type"));
        assertEquals("no-store", headers.get("Cache-Control"));
        assertEquals("nosniff", headers.get("X-Content-Type-Options"));
        assertEquals("no-referrer", headers.get("Referrer-Policy"));
        String csp = headers.get("Content-Security-Policy");
        assertTrue(csp.startsWith("default-src 'none'; style-src 'sha256-"), csp);
        assertTrue(csp.contains("form-action 'self' https://www.example.org; frame-ancestors 'none'"), csp);
        String style = body.substring(body.indexOf("<style>") + 7, body.indexOf("</style>"));
        assertTrue(csp.contains("style-src 'sha256-" + Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(style.getBytes(StandardCharsets.UTF_8))) + "'"),
                "the stylesheet the page carries is the one its policy allows");
    }

    @Test
    void aPagesParts_areLoadedWithIt_notOnItsFirstRequest() {
        RuntimeException missing = assertThrows(RuntimeException.class,
                () -> Html.template(RequestParsingTest.class, "test-page-missing-part"));
        assertTrue(String.valueOf(missing.getMessage()).contains("no-such-part"), missing.toString());
    }

    @ParameterizedTest
    @CsvSource({
            "https://www.example.org/groups/{groupId}, https://www.example.org/",
            "https://www.example.org#group-{groupId}, https://www.example.org/",
            "https://www.example.org?group={groupId}, https://www.example.org/",
            "http://127.0.0.1:3000/#group-{groupId}, http://127.0.0.1:3000/"})
    void theWayBack_isTheHomePageOfTheSiteTheGroupPagesAreOn(String groupPage, String home) {
        var site = Html.Site.from(new Env(Map.of("ORG_NAME", "Example", "GROUP_PAGE_URL", groupPage)));
        assertEquals(home, site.homeUrl());
    }

    @ParameterizedTest
    @CsvSource({"http://www.example.org/{groupId}", "www.example.org/{groupId}", "https:///{groupId}"})
    void aGroupPageOffHttps_isRefusedAtStartUp(String groupPage) {
        var env = new Env(Map.of("ORG_NAME", "Example", "GROUP_PAGE_URL", groupPage));
        assertThrows(IllegalStateException.class, () -> Html.Site.from(env));
    }
}
