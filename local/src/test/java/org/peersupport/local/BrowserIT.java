package org.peersupport.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.peersupport.testkit.PersonalData;
import org.peersupport.testkit.Repo;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The example website in headless Chromium (Debian's chromium and chromedriver, driven by
 * Selenium) against the local server: the finder, the form's checks, keyboard use, contrast, both
 * languages, and the whole sign-up, with JavaScript and without: form, thank-you page, the
 * confirm request in the outbox, its confirm link and button, the details email, its withdraw
 * link, and the sign-up gone. Screenshots go to {@code local/target/screenshots/}.
 *
 * <p>The sign-up parts need create-signup, withdraw-signup and send-confirmation in the template.
 * Until they are there, the full journey is skipped with a message, and the form posted without
 * JavaScript is checked against a stand-in route that answers with what it received.
 */
@Tag("browser")
class BrowserIT {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Repo.root().resolve("local/target/screenshots");
    static final ObjectMapper JSON = new ObjectMapper();

    static LocalServer server;
    static String base;
    static boolean signupRoute;
    WebDriver driver;

    /** Skips the calling test class where Debian's Chromium is not installed, and fails it on CI. */
    static void requireBrowser(String test) {
        boolean browser = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!browser && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI must run the browser test: .ci/run installs chromium and chromium-driver");
        }
        assumeTrue(browser, test + " skipped: /usr/bin/chromium and /usr/bin/chromedriver are not installed "
                + "(apt-get install chromium chromium-driver; .ci/run does this)");
    }

    @BeforeAll
    static void start() throws Exception {
        requireBrowser("Browser test");
        LocalServer.Options real = LocalServer.Options.of(0, "b" + Long.toString(System.nanoTime(), 36) + "-");
        signupRoute = hasSignupRoute(real.template());
        LocalServer.Options options = signupRoute ? real
                : TestStack.options(TestStack.template(TestStack.SIGNUP_STAND_IN));
        server = LocalServer.start(options);
        base = server.url().toString();
        Files.createDirectories(SCREENSHOTS);
    }

    static boolean hasSignupRoute(Path template) throws Exception {
        return Files.readString(template).contains("Path: /groups/{groupId}/signups");
    }

    @AfterAll
    static void stop() {
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

    static WebDriver browser(boolean javascript, int width, int height) throws Exception {
        return browser(javascript, width, height, null);
    }

    /** The same, saving downloads (without asking) into {@code downloads} when it is given. */
    static WebDriver browser(boolean javascript, int width, int height, Path downloads) throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createTempDirectory("chromium-profile"), "--lang=en-US",
                "--window-size=" + width + "," + height,
                // No smooth scrolling (the site honours this setting), so clicks land where Selenium aims.
                "--force-prefers-reduced-motion");
        Map<String, Object> prefs = new LinkedHashMap<>();
        prefs.put("intl.accept_languages", "en-US,en");
        if (!javascript) {
            prefs.put("profile.managed_default_content_settings.javascript", 2);
        }
        if (downloads != null) {
            prefs.put("download.default_directory", downloads.toString());
            prefs.put("download.prompt_for_download", false);
        }
        options.setExperimentalOption("prefs", prefs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        WebDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(width, height));
        return driver;
    }

    /** A browser with JavaScript at this size, on the finder, once it has listed the groups. */
    void openFinder(int width, int height) throws Exception {
        driver = browser(true, width, height);
        driver.get(base + "/");
        waiting(driver).until(ExpectedConditions.textMatches(By.id("results-status"), Pattern.compile("\\d+ groups found")));
    }

    /** The filters are folded under one line, as a phone's first screen shows them: a person opens them first. */
    static void openFilters(WebDriver driver) {
        WebElement box = driver.findElement(By.id("filters-box"));
        if (box.getAttribute("open") == null) {
            box.findElement(By.tagName("summary")).click();
        }
        waiting(driver).until(ExpectedConditions.visibilityOfElementLocated(By.id("f-audience")));
    }

    static WebDriverWait waiting(WebDriver driver) {
        return new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    /**
     * A slow network on cue: the page's next answer from a URL containing this path is held until
     * {@link #releaseHeldAnswer}; the request itself goes out at once.
     */
    static void holdNextAnswer(WebDriver driver, String path) {
        ((JavascriptExecutor) driver).executeScript("var path = arguments[0], real = window.fetch;"
                + "window.heldRead = false;"
                + "window.fetch = function (url) {"
                + "  var answer = real.apply(window, arguments);"
                + "  if (String(url).indexOf(path) < 0) { return answer; }"
                + "  window.fetch = real;"
                + "  return new Promise(function (resolve, reject) {"
                + "    window.releaseHeld = function () {"
                + "      answer.then(function (response) {"
                + "        ['text', 'json'].forEach(function (read) {"
                + "          var original = response[read].bind(response);"
                + "          response[read] = function () {"
                + "            return original().then(function (body) { setTimeout(function () { window.heldRead = true; }, 0); return body; });"
                + "          };"
                + "        });"
                + "        resolve(response);"
                + "      }, reject);"
                + "    };"
                + "  });"
                + "};", path);
    }

    /** Waits until the page has asked and its answer is held. */
    static void waitUntilHeld(WebDriver driver) {
        waiting(driver).until(d -> (Boolean) ((JavascriptExecutor) d).executeScript("return typeof window.releaseHeld === 'function'"));
    }

    /** Lets the held answer go, then waits until the page has read and drawn it, or 3 s if it never reads it. */
    static void releaseHeldAnswer(WebDriver driver) {
        waitUntilHeld(driver);
        ((JavascriptExecutor) driver).executeAsyncScript("var done = arguments[arguments.length - 1], start = Date.now();"
                + "window.releaseHeld(); window.releaseHeld = null;"
                + "(function wait() { if (window.heldRead || Date.now() - start > 3000) { done(); } else { setTimeout(wait, 50); } })();");
    }

    static Path screenshot(WebDriver driver, String name) throws Exception {
        Path target = SCREENSHOTS.resolve(name);
        Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    @Test
    void theFinder_listsFiltersAndOpensTheFormForAGroup_byKeyboard() throws Exception {
        openFinder(1280, 2400);
        int all = driver.findElements(By.cssSelector("#results > li")).size();
        assertTrue(all >= 5, "the sample groups are listed: " + all);
        assertTrue(driver.findElement(By.cssSelector("#results time")).getText().matches(".*(AM|PM).*(MST|MDT|MT).*"),
                "meetings are shown in the group's time zone");
        Path shot = screenshot(driver, "finder.png");
        System.out.println("Screenshot of the finder: " + shot);

        openFilters(driver);
        new Select(driver.findElement(By.id("f-audience"))).selectByValue("family");
        new Select(driver.findElement(By.id("f-language"))).selectByValue("es");
        driver.findElement(By.cssSelector("#filters button[type=submit]")).click();
        waiting(driver).until(ExpectedConditions.textToBe(By.id("results-status"), "1 group found."));
        waiting(driver).until(d -> "results-status".equals(d.switchTo().activeElement().getAttribute("id")));
        List<WebElement> groups = driver.findElements(By.cssSelector("#results > li"));
        assertEquals(1, groups.size());
        assertEquals("Apoyo para familias (miércoles)", groups.get(0).findElement(By.tagName("h3")).getText());
        assertEquals("es", groups.get(0).findElement(By.tagName("h3")).getAttribute("lang"));
        assertTrue(groups.get(0).findElement(By.partialLinkText("Add to my calendar")).getAttribute("href")
                .endsWith("/groups/familia-a-familia-miercoles/calendar.ics"));
        assertEquals("Listing checked on October 28, 2026.", groups.get(0).findElement(By.className("checked")).getText());
        screenshot(driver, "finder-filtered.png");

        // Keyboard only: the button takes Enter, and focus moves to the form's heading.
        WebElement signUp = groups.get(0).findElement(By.cssSelector("button[data-group]"));
        signUp.sendKeys(Keys.ENTER);
        waiting(driver).until(ExpectedConditions.visibilityOfElementLocated(By.id("signup-form")));
        assertEquals("signup-heading", driver.switchTo().activeElement().getAttribute("id"));
        assertTrue(driver.findElement(By.id("signup-heading")).getText().contains("Apoyo para familias"));
        // Before anything is asked: when, where, and that it is free; and why a phone, which is optional.
        List<String> facts = driver.findElements(By.cssSelector("#signup-facts li")).stream().map(WebElement::getText).toList();
        assertEquals(3, facts.size(), facts.toString());
        assertTrue(facts.get(0).matches("Next meeting: .*(AM|PM).*"), facts.get(0));
        assertEquals("In person, Eastside Springfield", facts.get(1));
        assertEquals("Free, confidential, and no referral needed.", facts.get(2));
        assertTrue(driver.findElement(By.id("phone-hint")).isDisplayed());
        assertEquals("phone-hint phone-error", driver.findElement(By.id("phone")).getAttribute("aria-describedby"));
        assertTrue(driver.findElement(By.id("signup-form")).getAttribute("action")
                .endsWith("/groups/familia-a-familia-miercoles/signups"));
    }

    /**
     * A meeting on the group's today or tomorrow (in the group's own zone) says so first, in either
     * language; no other does. A check that straddles midnight there is not judged.
     */
    @Test
    void meetingsToday_tomorrow_andThisWeek_saySo() throws Exception {
        Map<String, java.time.ZoneId> zones = new LinkedHashMap<>();
        JsonNode listed = JSON.readTree(java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/groups")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body());
        listed.path("groups").forEach(g -> zones.put(g.path("id").asText(),
                java.time.ZoneId.of(g.path("schedule").path("timezone").asText())));
        openFinder(390, 1600);
        String[][] words = {{"Today, ", "Tomorrow, ", "This week, "}, {"Hoy, ", "Mañana, ", "Esta semana, "}};
        for (String[] word : words) {
            if (word[0].equals("Hoy, ")) {
                driver.findElement(By.id("lang-toggle")).click();
                waiting(driver).until(ExpectedConditions.textMatches(By.id("results-status"),
                        Pattern.compile("Se encontraron \\d+ grupos\\.")));
            }
            int judged = 0;
            for (WebElement card : driver.findElements(By.cssSelector("#results > li"))) {
                java.time.ZoneId zone = zones.get(card.getAttribute("aria-labelledby").substring("group-".length()));
                for (WebElement time : card.findElements(By.tagName("time"))) {
                    java.time.LocalDate before = java.time.LocalDate.now(zone);
                    String text = time.getText();
                    if (!before.equals(java.time.LocalDate.now(zone))) {
                        continue;
                    }
                    judged++;
                    java.time.LocalDate day = java.time.OffsetDateTime.parse(time.getAttribute("datetime"))
                            .atZoneSameInstant(zone).toLocalDate();
                    assertEquals(day.equals(before), text.startsWith(word[0]), text);
                    assertEquals(day.equals(before.plusDays(1)), text.startsWith(word[1]), text);
                    assertEquals(day.isAfter(before.plusDays(1)) && day.isBefore(before.plusDays(7)), text.startsWith(word[2]), text);
                }
            }
            assertTrue(judged > 10, "the listed meetings were judged: " + judged);
        }
    }

    /**
     * A phone's first screen (390 × 844), in both languages, shows the soonest groups rather than
     * five filters: those are folded under one line, a 44-px target, that opens them.
     */
    @Test
    void aPhonesFirstScreen_showsTheGroups_withTheFiltersFolded() throws Exception {
        driver = browser(true, 390, 844);
        for (String page : List.of("/", "/?lang=es")) {
            driver.get(base + page);
            waiting(driver).until(d -> !d.findElements(By.cssSelector("#results > li h3")).isEmpty());
            Number end = (Number) script("return document.querySelector('#results > li h3').getBoundingClientRect().bottom");
            Number screen = (Number) script("return window.innerHeight");
            assertTrue(end.doubleValue() <= screen.doubleValue(),
                    page + ": the first group's name ends at " + end + " px, below the first screen (" + screen + " px)");
            assertFalse(driver.findElement(By.id("f-audience")).isDisplayed(), page + ": the filters are folded");
            List<Boolean> open = driver.findElements(By.cssSelector("#results > li")).stream()
                    .map(card -> !card.findElements(By.cssSelector("button[data-group]")).isEmpty()).toList();
            assertTrue(open.contains(false) && open.indexOf(false) == open.lastIndexOf(true) + 1,
                    page + ": a group not taking sign-ups comes after every group that is: " + open);
            WebElement summary = driver.findElement(By.cssSelector("#filters-box > summary"));
            assertTrue(summary.getSize().getHeight() >= 44, page + ": the line that opens them is " + summary.getSize().getHeight() + " px high");
            summary.click();
            assertTrue(driver.findElement(By.id("f-audience")).isDisplayed(), page + ": one tap opens them");
        }
        screenshot(driver, "finder-phone-es-filters-open.png");
    }

    /** Two searches in a row, the first one's answer late: the list shows the second search, not the first. */
    @Test
    void aLateSearch_neverReplacesANewerOne() throws Exception {
        openFinder(1280, 1600);
        holdNextAnswer(driver, "/groups");
        openFilters(driver);
        driver.findElement(By.cssSelector("#filters button[type=submit]")).click(); // every group: held
        waitUntilHeld(driver);
        new Select(driver.findElement(By.id("f-audience"))).selectByValue("family");
        new Select(driver.findElement(By.id("f-language"))).selectByValue("es");
        driver.findElement(By.cssSelector("#filters button[type=submit]")).click();
        waiting(driver).until(ExpectedConditions.textToBe(By.id("results-status"), "1 group found."));
        releaseHeldAnswer(driver);
        assertEquals("1 group found.", driver.findElement(By.id("results-status")).getText());
        assertEquals(List.of("Apoyo para familias (miércoles)"), driver.findElements(By.cssSelector("#results > li h3")).stream()
                .map(WebElement::getText).toList());
    }

    @Test
    void theForm_namesEveryProblem_beforeSending() throws Exception {
        openFinder(1280, 1600);
        // A group that asks for no emergency contact, whichever meets soonest today.
        driver.findElement(By.cssSelector(GROUP + "connection-tue-downtown'] button[data-group]")).click();
        driver.findElement(By.id("email")).sendKeys("not-an-address");
        driver.findElement(By.cssSelector("#signup-form button[type=submit]")).click();
        WebElement summary = waiting(driver).until(ExpectedConditions.visibilityOfElementLocated(By.id("error-summary")));
        assertEquals("error-summary", driver.switchTo().activeElement().getAttribute("id"), "focus moves to the summary");
        assertEquals(4, summary.findElements(By.tagName("li")).size(), summary.getText());
        assertEquals("true", driver.findElement(By.id("email")).getAttribute("aria-invalid"));
        assertEquals("Enter an email address, like name@example.com.", driver.findElement(By.id("email-error")).getText());
        summary.findElement(By.partialLinkText("email address")).click();
        assertEquals("email", driver.switchTo().activeElement().getAttribute("id"), "each problem links to its field");
        screenshot(driver, "form-errors.png");
    }

    /**
     * What only the server can tell (this phone number lacks its area code) reaches the person in the
     * server's own words, in the page's language, and nothing is sent on.
     */
    @Test
    void whatOnlyTheServerCanTell_isShownInItsOwnWords_inEitherLanguage() throws Exception {
        assumeTrue(signupRoute, "skipped: template.yaml has no POST /groups/{groupId}/signups");
        openFinder(390, 1400);
        String[][] languages = {
            {"en", "Enter a phone number with its area code, like 719 555 0123, or in international format starting with +."},
            {"es", "Escriba un número de teléfono con su código de área, como 719 555 0123, o en formato internacional "
                    + "empezando con +."}};
        for (String[] language : languages) {
            if (language[0].equals("es")) {
                driver.findElement(By.id("lang-toggle")).click();
                waiting(driver).until(ExpectedConditions.textMatches(By.id("results-status"),
                        Pattern.compile("Se encontraron \\d+ grupos\\.")));
            }
            driver.findElement(By.cssSelector(GROUP + "connection-tue-downtown'] button[data-group]")).click();
            PersonalData.Person person = PersonalData.person();
            WebElement phone = driver.findElement(By.id("phone"));
            driver.findElement(By.id("firstName")).clear();
            driver.findElement(By.id("firstName")).sendKeys(person.firstName());
            driver.findElement(By.id("email")).clear();
            driver.findElement(By.id("email")).sendKeys(person.email());
            phone.clear();
            phone.sendKeys("555 0123");
            driver.findElement(By.id("forWhom-self")).click();
            if (!driver.findElement(By.id("consent")).isSelected()) {
                driver.findElement(By.id("consent")).click();
            }
            driver.findElement(By.cssSelector("#signup-form button[type=submit]")).click();
            WebElement error = driver.findElement(By.id("phone-error"));
            waiting(driver).until(ExpectedConditions.textToBePresentInElement(error, language[1]));
            assertEquals(language[1], error.getText(), "the server's words, not a general one");
            assertEquals("true", phone.getAttribute("aria-invalid"));
            assertEquals(1, driver.findElements(By.cssSelector("#error-summary li")).size());
            assertFalse(driver.getCurrentUrl().contains("thank-you"), "still on the form: nothing was sent on");
        }
        screenshot(driver, "form-server-error-es.png");
    }

    /** After a sign-up in Spanish, the thank-you page says it in Spanish first, and its title too. */
    @Test
    void theThankYouPage_putsTheSignupsLanguageFirst() throws Exception {
        driver = browser(true, 390, 1400);
        driver.get(base + "/thank-you.html?lang=es");
        waiting(driver).until(ExpectedConditions.attributeToBe(By.tagName("html"), "lang", "es"));
        assertEquals("Gracias. Revise su correo electrónico.", driver.findElement(By.tagName("h1")).getText());
        assertEquals("es", driver.findElement(By.cssSelector("main section")).getAttribute("lang"));
        assertEquals("Gracias: revise su correo electrónico", driver.getTitle());
        assertEquals(List.of(), script(ACCESSIBILITY_CHECKS), "in Spanish");
        screenshot(driver, "thank-you-es.png");
        driver.get(base + "/thank-you.html?lang=en");
        assertEquals("Thank you. Please check your email.", driver.findElement(By.tagName("h1")).getText());
    }

    /** A full group's button says what pressing it does, in either language. */
    @Test
    void aFullGroupsButton_saysJoinTheWaitingList() throws Exception {
        openFinder(390, 1400);
        String button = GROUP + "connection-tue-downtown'] button[data-group]";
        assertTrue(driver.findElement(By.cssSelector(button)).getAttribute("textContent").startsWith("Sign up"));
        // The listing as the API gives it once staff mark the group full (its status is public).
        script("var real = window.fetch;"
                + "window.fetch = function (url) {"
                + "  return real.apply(window, arguments).then(function (response) {"
                + "    if (String(url).indexOf('/groups?') < 0 && !/\\/groups$/.test(String(url))) { return response; }"
                + "    return response.json().then(function (body) {"
                + "      body.groups.forEach(function (g) { if (g.id === 'connection-tue-downtown') { g.status = 'full'; } });"
                + "      window.markedFull = true;"
                + "      return new Response(JSON.stringify(body), { status: response.status, headers: response.headers });"
                + "    });"
                + "  });"
                + "};");
        openFilters(driver);
        driver.findElement(By.cssSelector("#filters button[type=submit]")).click();
        waiting(driver).until(d -> Boolean.TRUE.equals(script("return window.markedFull === true")));
        waiting(driver).until(d -> d.findElement(By.cssSelector(button)).getAttribute("textContent")
                .startsWith("Join the waiting list"));
        assertTrue(driver.findElement(By.cssSelector(GROUP + "connection-tue-downtown'] .state")).getText()
                .contains("waiting list"));
        driver.findElement(By.id("lang-toggle")).click();
        waiting(driver).until(d -> d.findElement(By.cssSelector(button)).getAttribute("textContent")
                .startsWith("Anotarme en la lista de espera"));
        assertTrue(driver.findElement(By.cssSelector(GROUP + "connection-tue-downtown'] .state")).getText()
                .contains("lista de espera"));
    }

    @Test
    void everyPage_meetsTheBasicAccessibilityChecks_inBothLanguages() throws Exception {
        driver = browser(true, 390, 1400);
        for (String page : List.of("/", "/group.html", "/thank-you.html")) {
            driver.get(base + page);
            if (page.equals("/")) {
                waiting(driver).until(ExpectedConditions.textMatches(By.id("results-status"), Pattern.compile("\\d+ groups found")));
                driver.findElement(By.cssSelector("#results button[data-group]")).click();
            }
            assertEquals(List.of(), script(ACCESSIBILITY_CHECKS), page);
            assertFalse((Boolean) script("return document.documentElement.scrollWidth > window.innerWidth + 1"),
                    page + " scrolls sideways on a phone");
            assertCrisisLineOnTheFirstScreen(page);
        }
        driver.get(base + "/");
        waiting(driver).until(ExpectedConditions.textMatches(By.id("results-status"), Pattern.compile("\\d+ groups found")));
        screenshot(driver, "finder-phone.png");
        driver.findElement(By.id("lang-toggle")).click();
        waiting(driver).until(ExpectedConditions.textMatches(By.id("results-status"), Pattern.compile("Se encontraron \\d+ grupos\\.")));
        assertEquals("es", driver.findElement(By.tagName("html")).getAttribute("lang"));
        assertEquals("Encuentre un grupo de apoyo entre pares", driver.findElement(By.tagName("h1")).getText());
        assertEquals("Encuentre un grupo de apoyo entre pares", driver.getTitle(), "the window's title too");
        String when = driver.findElement(By.cssSelector("#results time")).getText();
        assertTrue(when.matches("(?i).*(lunes|martes|miércoles|jueves|viernes|sábado|domingo).*"), when);
        assertTrue(when.contains("(hora ") && !when.contains("GMT"), "the zone in words, not an offset: " + when);
        List<String> groupLanguages = driver.findElements(By.cssSelector("#results > li h3")).stream()
                .map(h -> h.getAttribute("lang")).toList();
        int firstOther = groupLanguages.indexOf("en");
        assertTrue(firstOther > 0 && groupLanguages.subList(firstOther, groupLanguages.size()).stream()
                .allMatch("en"::equals), "groups held in Spanish first: " + groupLanguages);
        assertEquals("Información revisada el 2 de noviembre de 2026.",
                driver.findElement(By.cssSelector(GROUP + "connection-tue-downtown'] .checked")).getText());
        assertEquals(List.of(), script(ACCESSIBILITY_CHECKS), "in Spanish");
        assertCrisisLineOnTheFirstScreen("/ in Spanish");
        assertEquals("Llame", driver.findElement(By.cssSelector(".crisis-bar a[href='tel:988']")).getText());
        screenshot(driver, "finder-es.png");
        // Tab from the top reaches the skip link first, then the language switch.
        driver.get(base + "/");
        driver.findElement(By.tagName("body")).sendKeys(Keys.TAB);
        assertEquals("skip-link", driver.switchTo().activeElement().getAttribute("class"));
    }

    /**
     * Text at twice its size (a browser's or phone's text setting) on a 320-px screen, in both
     * languages: nothing runs off the side, so nothing needs scrolling sideways or is cut.
     */
    @Test
    void twiceTheTextSize_onA320PxScreen_keepsEverythingOnScreen() throws Exception {
        driver = browser(true, 320, 1400);
        for (String page : List.of("/", "/?lang=es", "/group.html", "/group.html?lang=es", "/thank-you.html?lang=es")) {
            driver.get(base + page);
            script("document.documentElement.style.fontSize = '200%'");
            if (page.startsWith("/?")) {
                waiting(driver).until(d -> d.findElements(By.cssSelector("#results button[data-group]")).size() > 0);
                driver.findElement(By.cssSelector("#results button[data-group]")).click();
            }
            assertEquals(List.of(), script(OFF_THE_SCREEN), page + " at 200% text on 320 px");
        }
        screenshot(driver, "thank-you-200-percent.png");
    }

    /** The visible elements that run off the right edge of the screen (at most eight). */
    static final String OFF_THE_SCREEN = "var out = [], width = document.documentElement.clientWidth;"
            + "document.querySelectorAll('body *').forEach(function (e) {"
            + "  var r = e.getBoundingClientRect();"
            + "  if (r.width > 0 && r.height > 0 && !e.closest('.visually-hidden, .skip-link, .hp') && r.right > width + 1)"
            + "    out.push(e.tagName + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : '') + ' \"' + (e.textContent || '').trim().slice(0, 30) + '\" ends at ' + Math.round(r.right));"
            + "});"
            + "return out.slice(0, 8);";

    /**
     * A page the API serves, as a phone shows it: the organisation's name at the top leading to its
     * site, 988 to call or text on the first screen, a way back under the content, the basic
     * accessibility checks (24-px targets among them), nothing off the side; and at twice the text
     * size on a 320-px screen, still nothing off the side.
     */
    void assertApiPage(String page) {
        driver.manage().window().setSize(new Dimension(390, 844));
        assertEquals("Example Peer Support", driver.findElement(By.cssSelector("header .org a")).getText(), page);
        assertEquals(base + "/", driver.findElement(By.cssSelector("header .org a")).getAttribute("href"), page);
        assertEquals(base + "/", driver.findElement(By.cssSelector("main .back a")).getAttribute("href"), page);
        assertEquals(List.of(), script(ACCESSIBILITY_CHECKS), page);
        assertFalse((Boolean) script("return document.documentElement.scrollWidth > window.innerWidth + 1"),
                page + " scrolls sideways on a phone");
        assertCrisisLineOnTheFirstScreen(page);
        driver.manage().window().setSize(new Dimension(320, 844));
        script("document.documentElement.style.fontSize = '200%'");
        assertEquals(List.of(), script(OFF_THE_SCREEN), page + " at 200% text on 320 px");
        script("document.documentElement.style.fontSize = ''");
        driver.manage().window().setSize(new Dimension(390, 844));
    }

    /**
     * Without JavaScript, a form the server cannot take comes back as the API's own page, in the
     * language chosen on the form: the organisation's, with the problem named at its field.
     */
    @Test
    void aFormsProblems_comeBackOnTheOrganisationsOwnPage_inBothLanguages() throws Exception {
        assumeTrue(signupRoute, "skipped: template.yaml has no POST /groups/{groupId}/signups");
        driver = browser(false, 390, 844);
        for (String lang : List.of("en", "es")) {
            driver.get(base + "/group.html");
            driver.findElement(By.id("firstName")).sendKeys("Pat");
            driver.findElement(By.id("email")).sendKeys("pat@example.org");
            driver.findElement(By.id("phone")).sendKeys("call me at home");
            driver.findElement(By.id("forWhom-self")).click();
            new Select(driver.findElement(By.id("language"))).selectByValue(lang);
            driver.findElement(By.id("consent")).click();
            driver.findElement(By.cssSelector("#signup-form button[type=submit]")).click();
            waiting(driver).until(ExpectedConditions.textToBe(By.tagName("h1"),
                    lang.equals("es") ? "Revise su inscripción" : "Please check your sign-up"));
            assertEquals(lang, driver.findElement(By.tagName("html")).getAttribute("lang"));
            assertTrue(driver.findElement(By.id("phone-error")).isDisplayed(), "the problem at its field");
            assertApiPage("the form's problems, " + lang);
            screenshot(driver, "api-form-problems-" + lang + ".png");
        }
    }

    /**
     * 988 to call and to text, as links a phone acts on, within the top 200 px of the page (the
     * header and the line under it), wherever the page is scrolled to.
     */
    void assertCrisisLineOnTheFirstScreen(String page) {
        @SuppressWarnings("unchecked")
        List<Number> bottoms = (List<Number>) script("return [\"a[href='tel:988']\", \"a[href='sms:988']\"].map(function (s) {"
                + "  var a = document.querySelector(s); if (!a) { return 99999; }"
                + "  var r = a.getBoundingClientRect(); return r.height > 0 ? r.bottom + window.scrollY : 99999; });");
        for (Number bottom : bottoms) {
            assertTrue(bottom.doubleValue() <= 200, page + ": 988 to call or text ends at " + bottom + " px from the top");
        }
    }

    /** The card of one group in the finder's list, by the group's id (to be closed with {@code ']}). */
    static final String GROUP = "#results li[aria-labelledby='group-";

    /**
     * A link to one group (the HSDS feed's url for it, with the local run's GroupPageUrl)
     * brings that group into view; the listing says which groups ask for an emergency contact; a
     * group that does shows those fields, and why, as soon as its form opens, and one that does not
     * keeps them hidden. On a phone, in both languages.
     */
    @Test
    void aLinkToOneGroup_showsIt_andItsFormAsksForAnEmergencyContactOnlyWhereTheGroupDoes() throws Exception {
        driver = browser(true, 390, 844);
        for (String lang : List.of("en", "es")) {
            boolean spanish = lang.equals("es");
            driver.get(base + "/" + (spanish ? "?lang=es" : "") + "#group-peer-family-circle-last-friday");
            waiting(driver).until(ExpectedConditions.textMatches(By.id("results-status"),
                    Pattern.compile(spanish ? "Se encontraron \\d+ grupos" : "\\d+ groups found")));
            waiting(driver).until(d -> "group-peer-family-circle-last-friday".equals(d.switchTo().activeElement().getAttribute("id")));
            String asks = spanish ? "Pide un contacto de emergencia al inscribirse" : "Asks for an emergency contact when you sign up";
            assertTrue(driver.findElement(By.cssSelector(GROUP + "peer-family-circle-last-friday'] .facts")).getText()
                    .contains(asks), "the listing says so before the form");
            assertFalse(driver.findElement(By.cssSelector(GROUP + "connection-tue-downtown'] .facts")).getText()
                    .contains(asks), "and only for the groups that ask");
            driver.findElement(By.cssSelector(GROUP + "peer-family-circle-last-friday'] button[data-group]")).click();
            waiting(driver).until(ExpectedConditions.visibilityOfElementLocated(By.id("emergency")));
            assertTrue(driver.findElement(By.id("emergencyContactName")).isEnabled());
            assertTrue(driver.findElement(By.cssSelector("#emergency .hint")).getText()
                    .contains(spanish ? "solo entonces" : "only then"), "why it is asked, and when it would be used");
            screenshot(driver, "emergency-contact-" + lang + ".png");
            driver.findElement(By.cssSelector(GROUP + "connection-tue-downtown'] button[data-group]")).click();
            waiting(driver).until(ExpectedConditions.invisibilityOfElementLocated(By.id("emergency")));
            assertFalse(driver.findElement(By.id("emergencyContactName")).isEnabled());
        }
    }

    /**
     * Checks a page in the browser: every form control has a label, no text below 4.5:1 contrast,
     * every button and link at least 24 px tall (WCAG 2.2 target size), one h1, a lang attribute,
     * and the honeypot out of reach. Returns the problems found.
     */
    static final String ACCESSIBILITY_CHECKS = """
            var problems = [];
            function visible(e) { var r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden'; }
            document.querySelectorAll('input, select, textarea').forEach(function (e) {
              if (e.type === 'hidden' || e.closest('.hp') || !visible(e)) return;
              if (!(e.labels && e.labels.length) && !e.getAttribute('aria-label')) problems.push('no label: ' + (e.id || e.name));
            });
            function rgb(c) { var m = c.match(/[\\d.]+/g).map(Number); return {r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1}; }
            function lum(c) { return [c.r, c.g, c.b].map(function (v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
              .reduce(function (s, v, i) { return s + v * [0.2126, 0.7152, 0.0722][i]; }, 0); }
            function background(e) { for (; e; e = e.parentElement) { var c = rgb(getComputedStyle(e).backgroundColor); if (c.a > 0) return c; } return {r: 255, g: 255, b: 255, a: 1}; }
            document.querySelectorAll('body *').forEach(function (e) {
              var own = Array.prototype.some.call(e.childNodes, function (n) { return n.nodeType === 3 && n.textContent.trim(); });
              if (!own || !visible(e) || e.closest('.hp, .visually-hidden, .skip-link')) return;
              var f = lum(rgb(getComputedStyle(e).color)), b = lum(background(e));
              var ratio = (Math.max(f, b) + 0.05) / (Math.min(f, b) + 0.05);
              if (ratio < 4.5) problems.push('contrast ' + ratio.toFixed(2) + ': ' + e.textContent.trim().slice(0, 40));
            });
            document.querySelectorAll('button, a, input[type=checkbox], input[type=radio]').forEach(function (e) {
              if (!visible(e) || e.closest('.hp, .skip-link, p, li')) return;
              if (e.getBoundingClientRect().height < 24) problems.push('small target: ' + (e.id || e.textContent.trim().slice(0, 30)));
            });
            if (document.querySelectorAll('h1').length !== 1) problems.push('h1 count ' + document.querySelectorAll('h1').length);
            if (!document.documentElement.lang) problems.push('no lang');
            var hp = document.querySelector('.hp');
            if (hp && getComputedStyle(hp).display !== 'none') problems.push('honeypot visible');
            return problems;
            """;

    /** Without JavaScript, the one-group page's form posts as a plain form, and the whole journey works the same. */
    @Test
    void theSignupForm_worksWithoutJavaScript() throws Exception {
        driver = browser(false, 390, 844);
        driver.get(base + "/group.html");
        PersonalData.Person person = PersonalData.person();
        driver.findElement(By.id("firstName")).sendKeys(person.firstName());
        driver.findElement(By.id("email")).sendKeys(person.email());
        driver.findElement(By.id("forWhom-self")).click();
        new Select(driver.findElement(By.id("language"))).selectByValue("es");
        driver.findElement(By.id("consent")).click();
        driver.findElement(By.cssSelector("#signup-form button[type=submit]")).click();
        if (signupRoute) {
            confirmThenWithdraw(person, "Connection Recovery Support Group", true, "nojs-");
            return;
        }
        // Stand-in route: the page shows what the function received from the browser.
        String shown = driver.findElement(By.tagName("body")).getText();
        JsonNode event = JSON.readTree(shown.substring(shown.indexOf('{')));
        assertEquals("POST /groups/{groupId}/signups", event.path("routeKey").asText());
        assertEquals("connection-tue-downtown", event.path("pathParameters").path("groupId").asText());
        assertTrue(event.path("headers").path("content-type").asText().startsWith("application/x-www-form-urlencoded"));
        assertTrue(event.path("isBase64Encoded").asBoolean(), "HTTP APIs base64-encode form posts");
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : new String(Base64.getDecoder().decode(event.path("body").asText()), StandardCharsets.UTF_8).split("&")) {
            String[] kv = pair.split("=", 2);
            form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8));
        }
        assertEquals(Map.of("firstName", person.firstName(), "email", person.email(), "phone", "", "forWhom", "self",
                "language", "es", "consent", "on", "website", ""), form);
        System.out.println("BrowserIT: no POST /groups/{groupId}/signups in template.yaml yet; the form without JavaScript "
                + "was checked against a stand-in route only");
    }

    /** The whole journey with JavaScript: sign up, thank-you page, confirm, the details, withdraw, the sign-up gone. */
    @Test
    void signUp_confirm_getTheDetails_followTheWithdrawLink_andTheSignupIsGone() throws Exception {
        assumeTrue(signupRoute, "Sign-up journey skipped: template.yaml has no POST /groups/{groupId}/signups");
        openFinder(390, 844);
        openFilters(driver);
        new Select(driver.findElement(By.id("f-day"))).selectByValue("TU");
        new Select(driver.findElement(By.id("f-format"))).selectByValue("in_person");
        driver.findElement(By.cssSelector("#filters button[type=submit]")).click();
        waiting(driver).until(ExpectedConditions.textToBe(By.id("results-status"), "1 group found."));
        driver.findElement(By.cssSelector("#results button[data-group='connection-tue-downtown']")).click();
        PersonalData.Person person = PersonalData.person();
        driver.findElement(By.id("firstName")).sendKeys(person.firstName());
        driver.findElement(By.id("email")).sendKeys(person.email());
        driver.findElement(By.id("phone")).sendKeys(person.phone());
        driver.findElement(By.id("forWhom-loved")).click();
        driver.findElement(By.id("consent")).click();
        driver.findElement(By.cssSelector("#signup-form button[type=submit]")).click();
        waiting(driver).until(ExpectedConditions.urlContains("/thank-you.html?lang=en"));
        WebElement named = waiting(driver).until(ExpectedConditions.visibilityOfElementLocated(By.id("thanks-group")));
        assertTrue(named.getText().startsWith("You asked to join Connection Recovery Support Group."), named.getText());
        assertTrue(named.findElement(By.tagName("a")).getAttribute("href")
                .endsWith("/groups/connection-tue-downtown/calendar.ics?titles=neutral"), "the person's own, neutral calendar");
        assertFalse(driver.getCurrentUrl().contains("connection"), "the address names no group");
        confirmThenWithdraw(person, "Connection Recovery Support Group", false, "");
    }

    /**
     * After the form: the thank-you page; the confirm request, which names no group; its link's
     * page, which names it and changes nothing; its button, which confirms; the details email; its
     * withdraw link's page and button; and the sign-up gone. All of it plain HTML: the same with
     * JavaScript and without.
     */
    void confirmThenWithdraw(PersonalData.Person person, String groupName, boolean spanish, String shots)
            throws Exception {
        waiting(driver).until(ExpectedConditions.urlContains("/thank-you.html"));
        assertTrue(driver.getPageSource().contains("Please check your email"));
        screenshot(driver, shots + "thank-you.png");
        assertEquals(List.of("unconfirmed"), statuses(person.email()), "stored, unconfirmed");

        JsonNode request = awaitMail(person.email(), 1, Duration.ofSeconds(60));
        String requestText = request.path("subject").asText() + request.path("text").asText() + request.path("html").asText();
        assertFalse(requestText.contains(groupName), "the confirm request names no group");
        assertFalse(requestText.contains(person.firstName()), "nor anything the person typed");
        // The pages the API serves, on a phone.
        driver.manage().window().setSize(new Dimension(390, 844));
        driver.get(link(request, "confirm"));
        WebElement confirm = waiting(driver).until(ExpectedConditions.elementToBeClickable(By.cssSelector("form button")));
        assertTrue(driver.getPageSource().contains(groupName), "the confirm page names the group");
        assertEquals(List.of("unconfirmed"), statuses(person.email()), "opening the link alone changes nothing");
        assertApiPage(shots + "confirm");
        screenshot(driver, shots + "confirm.png");
        confirm.click();
        waiting(driver).until(ExpectedConditions.textToBe(By.tagName("h1"),
                spanish ? "Su inscripción está confirmada" : "You are signed up"));
        assertApiPage(shots + "confirmed");
        screenshot(driver, shots + "confirmed.png");
        assertEquals(List.of("confirmed"), statuses(person.email()));

        JsonNode details = awaitMail(person.email(), 2, Duration.ofSeconds(60));
        assertTrue(details.path("text").asText().contains(person.firstName()));
        assertTrue(details.path("text").asText().contains(groupName));
        // The calendar file beside it: every event titled only with the organisation's name, the address inside.
        String calendar = details.path("calendar").asText();
        List<String> titles = calendar.lines().filter(l -> l.startsWith("SUMMARY:")).toList();
        assertFalse(titles.isEmpty(), "a calendar file with the meetings: " + calendar);
        assertTrue(titles.stream().allMatch("SUMMARY:Example Peer Support"::equals), titles.toString());
        assertTrue(calendar.contains("LOCATION:Example Community Center"), calendar);
        String withdrawLink = link(details, "withdraw");
        driver.get(withdrawLink);
        WebElement withdraw = waiting(driver).until(ExpectedConditions.elementToBeClickable(By.cssSelector("form button")));
        assertEquals(1, statuses(person.email()).size(), "opening the link alone deletes nothing");
        // The link carries the sign-up's language, so its pages speak it whatever the browser's is.
        assertEquals(spanish ? "es" : "en", driver.findElement(By.tagName("html")).getAttribute("lang"));
        assertApiPage(shots + "withdraw");
        screenshot(driver, shots + "withdraw.png");
        withdraw.click();
        waiting(driver).until(ExpectedConditions.textToBe(By.tagName("h1"),
                spanish ? "Ya no está inscrito en el grupo" : "You have left the group"));
        assertApiPage(shots + "withdrawn");
        screenshot(driver, shots + "withdrawn.png");
        assertEquals(List.of(), statuses(person.email()), "the sign-up is gone");

        // Opened again, the link says at once that its work is done, and that the person is welcome back.
        driver.get(withdrawLink);
        waiting(driver).until(ExpectedConditions.textToBe(By.tagName("h1"),
                spanish ? "Este enlace ya se usó o ya venció" : "This link has been used already, or has ended"));
        assertTrue(driver.findElements(By.cssSelector("form button")).isEmpty(), "no button to press again");
        assertTrue(driver.findElement(By.tagName("main")).getText()
                .contains(spanish ? "Puede volver cuando quiera." : "You are welcome back any time."));
        assertApiPage(shots + "withdraw link used");
        screenshot(driver, shots + "withdraw-used.png");
    }

    static String link(JsonNode mail, String kind) {
        Matcher link = Pattern.compile("(http://\\S+/signups/" + kind + "\\?token=[A-Za-z0-9_\\-%.~]+(&lang=es)?)")
                .matcher(mail.path("text").asText());
        assertTrue(link.find(), "a " + kind + " link in the email's text");
        return link.group(1);
    }

    /** The statuses of the sign-ups stored for an address, read straight from the table. */
    static List<String> statuses(String email) {
        var deployment = server.deployment();
        return deployment.dynamoDb().scan(r -> r.tableName(deployment.physicalId("SignupsTable"))
                .filterExpression("email = :e").expressionAttributeValues(Map.of(":e", AttributeValue.fromS(email))))
                .items().stream().map(i -> i.get("status").s()).toList();
    }

    /** The {@code nth} email (from 1, oldest first) to an address, once the outbox has it. */
    static JsonNode awaitMail(String to, int nth, Duration within) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> outbox = http.send(HttpRequest.newBuilder(URI.create(base + "/_local/outbox")).build(),
                    HttpResponse.BodyHandlers.ofString());
            int seen = 0;
            for (JsonNode message : JSON.readTree(outbox.body()).path("messages")) {
                if (message.path("to").toString().contains(to) && ++seen == nth) {
                    return message;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no email " + nth + " to the sign-up's address within " + within.toSeconds() + " s");
    }
}
