package org.peersupport.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.peersupport.testkit.PersonalData;
import org.peersupport.testkit.Repo;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The finder pasted into another website's page, as a webmaster pastes it into a WordPress or
 * Squarespace block: a page on another origin, with global styles of its own (links, headings,
 * labels, a theme's {@code .button}) and a {@code <body>} the webmaster cannot set, holding only the
 * snippet from {@code site/README.md}. The finder loads the groups across origins, answers a search
 * with no match with an online group and the organisation's phone, takes a sign-up, and the host
 * page's own elements keep every style, and the page its language and title.
 */
@Tag("browser")
class EmbedIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ORG = "Springfield Peer Support";
    static final String PHONE = "+1 555 010 0100";

    static HttpServer host;
    static LocalServer server;
    static String api;
    static String hostOrigin;
    WebDriver driver;

    @BeforeAll
    static void start() throws Exception {
        BrowserIT.requireBrowser("Embed test");
        host = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hostOrigin = "http://127.0.0.1:" + host.getAddress().getPort();
        // The host site is the only origin the API allows: the finder's calls are all cross-origin.
        server = LocalServer.start(new LocalServer.Options(LocalServer.DEFAULT_HOST, 0,
                Map.of("AllowedOrigins", hostOrigin), "e" + Long.toString(System.nanoTime(), 36) + "-",
                Repo.root().resolve("template.yaml")));
        api = server.url().toString().replaceAll("/+$", "");
        host.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String page = path.equals("/with-finder.html") ? hostPage(true)
                    : path.equals("/bare.html") ? hostPage(false)
                    : path.equals("/thanks.html") ? "<!doctype html><title>Thanks</title><h1>Thank you</h1>" : null;
            byte[] body = (page == null ? "not found" : page).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(page == null ? 404 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        host.start();
    }

    @AfterAll
    static void stop() {
        if (host != null) {
            host.stop(0);
        }
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void quit() {
        if (driver != null) {
            driver.quit();
        }
    }

    /**
     * A theme's page: styles on bare elements and on {@code .button}, as themes write them. With
     * the finder, it has site/README.md's snippet: settings split between the element (the
     * organisation's name and phone) and the script tag (the API and the thank-you page).
     */
    static String hostPage(boolean finder) {
        return """
                <!doctype html>
                <html lang="en" class="theme">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Our groups | Springfield</title>
                <style>
                  * { box-sizing: content-box; }
                  body { font-family: Georgia, serif; font-size: 18px; background: rgb(253, 246, 227); color: rgb(40, 40, 90); margin: 24px; }
                  h1 { font-size: 44px; color: rgb(128, 0, 128); text-transform: uppercase; margin: 0 0 12px; }
                  h2 { font-size: 30px; color: rgb(0, 100, 0); }
                  p { margin: 0 0 24px; line-height: 1.8; }
                  a { color: rgb(200, 0, 0); text-decoration: none; }
                  label { text-transform: uppercase; font-weight: 400; display: inline; }
                  input[type=email] { border: 1px dotted rgb(0, 0, 255); padding: 2px; }
                  .button { background: rgb(0, 128, 0); color: rgb(255, 255, 0); padding: 4px 8px; border-radius: 0; border: 0; }
                  ul { list-style: square; padding-left: 30px; }
                </style>
                %s
                </head>
                <body class="page wp-theme">
                <header data-host><h1 data-host>Our groups</h1><p data-host>Springfield's peer support programme.</p>
                  <a class="button" href="/donate" data-host>Donate</a></header>
                <nav><ul data-host><li data-host><a href="/about" data-host>About us</a></li></ul></nav>
                <form class="newsletter" data-host><label for="news" data-host>Newsletter</label>
                  <input id="news" type="email" data-host> <button type="button" class="button" data-host>Subscribe</button></form>
                <h2 data-host>Find a group near you</h2>
                %s
                <footer data-host><p data-host>Springfield Peer Support, 12 Main Street</p><a href="/privacy" data-host>Privacy</a></footer>
                </body>
                </html>
                """.formatted(
                finder ? "<link rel=\"stylesheet\" href=\"" + api + "/site.css\">" : "",
                finder ? "<div data-finder data-org=\"" + ORG + "\" data-phone=\"" + PHONE + "\"></div>\n"
                        + "<script src=\"" + api + "/site.js\" data-api=\"" + api + "\" data-thank-you=\"" + hostOrigin
                        + "/thanks.html\" defer></script>" : "");
    }

    static final List<String> PROPERTIES = List.of("color", "background-color", "font-family", "font-size", "font-weight",
            "line-height", "text-transform", "text-decoration-line", "box-sizing", "display", "list-style-type",
            "margin-top", "margin-right", "margin-bottom", "margin-left", "padding-top", "padding-right", "padding-bottom",
            "padding-left", "border-top-width", "border-top-style", "border-top-color", "border-radius", "outline-style");

    /** Each host element's computed styles, and the page's own language, title and classes. */
    @SuppressWarnings("unchecked")
    List<Object> hostStyles() {
        return (List<Object>) ((JavascriptExecutor) driver).executeScript(
                "var props = arguments[0], out = [document.documentElement.lang, document.title,"
                        + " document.documentElement.className, document.body.className];"
                        + "document.querySelectorAll('[data-host]').forEach(function (e) {"
                        + "  var s = getComputedStyle(e);"
                        + "  out.push(e.tagName + ' ' + props.map(function (p) { return p + ':' + s.getPropertyValue(p); }).join(';'));"
                        + "});"
                        + "return out;", PROPERTIES);
    }

    @Test
    void pastedIntoAnotherSite_itListsTheGroups_helpsWhenNothingMatches_takesASignup_andLeavesTheHostAsItWas()
            throws Exception {
        driver = BrowserIT.browser(true, 390, 1400);
        driver.get(hostOrigin + "/bare.html");
        List<Object> before = hostStyles();
        assertEquals(4 + 15, before.size(), "the host page's facts and its 15 elements: " + before);

        driver.get(hostOrigin + "/with-finder.html");
        int listed = JSON.readTree(get(api + "/groups")).path("groups").size();
        BrowserIT.waiting(driver).until(ExpectedConditions.textToBe(By.id("results-status"), listed + " groups found."));
        assertEquals(listed, driver.findElements(By.cssSelector("#results > li")).size());
        assertEquals(before, hostStyles(), "the finder changes none of the host page's styles, nor its language or title");
        WebElement signUp = driver.findElement(By.cssSelector("#results button[data-group]"));
        assertEquals("rgba(0, 88, 107, 1)", signUp.getCssValue("background-color"), "the finder's own button colour, not the theme's");
        assertEquals("rgba(27, 27, 27, 1)", driver.findElement(By.id("finder-heading")).getCssValue("color"),
                "the finder's headings in its own ink, not the theme's heading colour");
        assertTrue(driver.findElement(By.cssSelector("[data-finder] a[href='tel:988']")).isDisplayed(),
                "the crisis line comes with the finder");
        assertFalse((Boolean) ((JavascriptExecutor) driver).executeScript(
                "return document.documentElement.scrollWidth > window.innerWidth + 1"), "nothing runs off a phone's screen");
        BrowserIT.screenshot(driver, "embedded.png");

        // The finder's own language switch changes the finder, not the page around it.
        driver.findElement(By.id("lang-toggle")).click();
        BrowserIT.waiting(driver).until(ExpectedConditions.textToBe(By.id("results-status"), "Se encontraron " + listed + " grupos."));
        assertEquals("es", driver.findElement(By.cssSelector("[data-finder]")).getAttribute("lang"));
        assertEquals(before, hostStyles(), "the page stays in English, with its own title");
        driver.findElement(By.id("lang-toggle")).click();

        // Family and friends, in person, on Thursdays: no group; the soonest online one for them, and the phone.
        BrowserIT.openFilters(driver);
        new Select(driver.findElement(By.id("f-audience"))).selectByValue("family");
        new Select(driver.findElement(By.id("f-format"))).selectByValue("in_person");
        new Select(driver.findElement(By.id("f-day"))).selectByValue("TH");
        driver.findElement(By.cssSelector("#filters button[type=submit]")).click();
        BrowserIT.waiting(driver).until(ExpectedConditions.textToBe(By.id("results-status"), "No groups match these choices."));
        WebElement help = BrowserIT.waiting(driver).until(ExpectedConditions.visibilityOfElementLocated(By.id("no-match")));
        BrowserIT.waiting(driver).until(d -> !help.findElements(By.cssSelector(".call-us")).isEmpty());
        JsonNode online = JSON.readTree(get(api + "/groups?format=online&audience=family")).path("groups").get(0);
        assertTrue(help.getText().contains("You could meet online instead"), help.getText());
        assertEquals(List.of(online.path("name").asText()), help.findElements(By.tagName("h3")).stream().map(WebElement::getText).toList());
        WebElement call = help.findElement(By.cssSelector(".call-us a"));
        assertEquals("tel:+15550100100", call.getAttribute("href"));
        assertEquals("Or call us at " + PHONE + " and we will help you find a group.",
                help.findElement(By.cssSelector(".call-us")).getText());

        // Its sign-up goes to the API across origins and on to the host's own thank-you page.
        help.findElement(By.cssSelector("button[data-group]")).click();
        BrowserIT.waiting(driver).until(ExpectedConditions.visibilityOfElementLocated(By.id("signup-form")));
        String consent = driver.findElement(By.cssSelector("label[for=consent]")).getText();
        assertTrue(consent.startsWith("I agree that " + ORG + " may keep"), consent);
        PersonalData.Person person = PersonalData.person();
        driver.findElement(By.id("firstName")).sendKeys(person.firstName());
        driver.findElement(By.id("email")).sendKeys(person.email());
        driver.findElement(By.id("forWhom-loved")).click();
        driver.findElement(By.id("consent")).click();
        driver.findElement(By.cssSelector("#signup-form button[type=submit]")).click();
        BrowserIT.waiting(driver).until(ExpectedConditions.urlToBe(hostOrigin + "/thanks.html?lang=en"));
        var deployment = server.deployment();
        assertEquals(List.of(online.path("id").asText()), deployment.dynamoDb().scan(r -> r
                        .tableName(deployment.physicalId("SignupsTable")).filterExpression("email = :e")
                        .expressionAttributeValues(Map.of(":e", AttributeValue.fromS(person.email()))))
                .items().stream().map(i -> i.get("groupId").s()).toList(), "one sign-up, for the online group");
    }

    static String get(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), url);
        return response.body();
    }
}
