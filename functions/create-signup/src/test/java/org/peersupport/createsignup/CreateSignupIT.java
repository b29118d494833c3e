package org.peersupport.createsignup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.peersupport.createsignup.SignupFixture.assertReceived;
import static org.peersupport.createsignup.SignupFixture.fields;
import static org.peersupport.createsignup.SignupFixture.fingerprint;
import static org.peersupport.createsignup.SignupFixture.form;
import static org.peersupport.createsignup.SignupFixture.freshIp;
import static org.peersupport.createsignup.SignupFixture.json;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.peersupport.shared.json.Json;
import org.peersupport.shared.store.MessageItem;
import org.peersupport.shared.store.SignupItem;
import org.peersupport.testkit.LocalDeployment;
import org.peersupport.testkit.PersonalData;
import org.peersupport.testkit.PersonalData.Person;
import org.peersupport.testkit.SampleData;
import org.peersupport.testkit.api.ApiCalls;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The real handler, configured as template.yaml configures it, against moto: tables and KMS keys
 * from the template, the sample groups loaded, and groups of its own for capacity and status.
 */
class CreateSignupIT {
    static final String DOWNTOWN = "connection-tue-downtown"; // capacity 15, English
    static SignupFixture f;
    static ExecutorService pool;

    @BeforeAll
    static void deploy() {
        LocalDeployment deployment = LocalDeployment.create();
        SampleData.load().writeTo(deployment);
        SampleData.put(deployment, SampleData.variant(DOWNTOWN, "capacity-two", Map.of("capacity", 2)));
        SampleData.put(deployment, SampleData.variant(DOWNTOWN, "same-answer-json", Map.of("capacity", 1)));
        SampleData.put(deployment, SampleData.variant(DOWNTOWN, "same-answer-form", Map.of("capacity", 2)));
        SampleData.put(deployment, SampleData.variant(DOWNTOWN, "staff-marked-full", Map.of("status", "full")));
        SampleData.put(deployment, SampleData.variant(DOWNTOWN, "fifty-at-once", Map.of("capacity", 5)));
        SampleData.put(deployment, SampleData.variant(DOWNTOWN, "last-places-at-once", Map.of("capacity", 3)));
        SampleData.put(deployment, SampleData.variant(DOWNTOWN, "retention-check", Map.of("capacity", 1)));
        SampleData.put(deployment, SampleData.variant(DOWNTOWN, "french-first",
                Map.of("languages", List.of("fr", "es"), "capacity", 3)));
        f = new SignupFixture(deployment);
        pool = Executors.newFixedThreadPool(50);
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
    }

    @Test
    void jsonSignup_isStoredOnce_withTheContractsFields_andAnswered202() {
        Person person = PersonalData.person();
        Map<String, Object> fields = fields(person);
        fields.put("phone", "(719) 555-0142");
        PersonalData.submitted("(719) 555-0142", "+17195550142");
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        APIGatewayV2HTTPResponse response = f.submit(json(DOWNTOWN, fields, freshIp()));

        assertReceived(response);
        assertEquals(Map.of("Content-Type", "application/json; charset=utf-8", "X-Content-Type-Options", "nosniff",
                "Cache-Control", "no-store"), response.getHeaders());
        List<Map<String, AttributeValue>> items = f.signups(DOWNTOWN);
        SignupItem item = f.signup(DOWNTOWN, person.email());
        assertNotNull(item);
        assertEquals("GROUP#" + DOWNTOWN, item.pk());
        assertEquals("SIGNUP#" + item.emailKey(), item.sk());
        assertTrue(item.emailKey().matches("[A-Za-z0-9_-]{43}"));
        assertTrue(item.signupId().matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
        assertEquals(DOWNTOWN, item.groupId());
        assertTrue(item.createdAt().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), item.createdAt());
        Instant created = Instant.parse(item.createdAt());
        assertFalse(created.isBefore(before));
        assertEquals(created.getEpochSecond() + 72L * 3600, item.expiresAt(), "unconfirmed: gone 72 hours after the request");
        assertEquals(person.firstName(), item.firstName());
        assertEquals(person.email(), item.email());
        assertEquals("+17195550142", item.phone());
        assertEquals("self", item.forWhom());
        assertEquals("en", item.language());
        assertEquals("unconfirmed", item.status());
        assertEquals(1, item.messageCount());
        assertEquals(created.getEpochSecond(), item.lastConfirmRequestAt());
        assertNull(item.emergencyContactName());
        assertNull(item.emergencyContactPhone());
        assertNull(item.confirmedAt());
        assertTrue(items.stream().filter(i -> i.containsKey("email") && person.email().equals(i.get("email").s())).count() == 1);
        List<MessageItem> messages = f.messages(DOWNTOWN, item);
        assertEquals(1, messages.size(), "one message queued: the confirm request");
        assertEquals("confirm_request", messages.get(0).kind());
        assertEquals("pending", messages.get(0).emailStatus());
        assertEquals("PENDING", messages.get(0).emailPending());
        assertEquals(item.expiresAt(), messages.get(0).expiresAt());
        assertEquals(0, f.placesHeld(DOWNTOWN, Instant.now()), "an unconfirmed sign-up holds no place");
    }

    /** The three sample events exactly as API Gateway sends them: JSON, a form, a base64-encoded form. */
    @Test
    void sampleEvents_jsonFormAndBase64Form_areEachTakenTheSameWay() {
        PersonalData.submitted("Samira", "sam.sample@example.org", "(719) 555-0142", "719 555 0142", "+17195550142");
        Map<String, String> eventToGroup = new LinkedHashMap<>();
        eventToGroup.put("events/create-signup-json.json", "connection-lunch-online");
        eventToGroup.put("events/create-signup-form.json", "family-support-thu-online");
        eventToGroup.put("events/create-signup-form-base64.json", "connection-tue-downtown");
        for (Map.Entry<String, String> entry : eventToGroup.entrySet()) {
            APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent(entry.getKey());
            SignupFixture.at(event, entry.getValue(), freshIp());
            APIGatewayV2HTTPResponse response = f.submit(event);
            if (entry.getKey().endsWith("signup-json.json")) {
                assertReceived(response);
            } else {
                assertEquals(303, response.getStatusCode(), response.getBody());
                assertEquals("http://127.0.0.1:3000/thank-you.html", response.getHeaders().get("Location"));
                assertEquals("no-store", response.getHeaders().get("Cache-Control"));
                assertEquals("", response.getBody());
            }
            SignupItem stored = f.signup(entry.getValue(), "sam.sample@example.org");
            assertNotNull(stored, entry.getKey());
            assertEquals("Samira", stored.firstName());
            assertEquals("+17195550142", stored.phone());
            assertEquals("self", stored.forWhom());
            assertEquals("unconfirmed", stored.status());
        }
    }

    @Test
    void signup_whenSameEmailTwice_writtenDifferently_storesOneAndAnswersTheSame() {
        Person person = PersonalData.person();
        String shouted = "  " + person.email().toUpperCase(java.util.Locale.ROOT) + " ";
        PersonalData.submitted(shouted.strip());
        Map<String, Object> again = fields(person);
        again.put("email", shouted);
        again.put("firstName", person.firstName() + "x");
        PersonalData.submitted(person.firstName() + "x");

        APIGatewayV2HTTPResponse first = f.submit(json(DOWNTOWN, fields(person), freshIp()));
        APIGatewayV2HTTPResponse second = f.submit(json(DOWNTOWN, again, freshIp()));

        assertEquals(fingerprint(first), fingerprint(second));
        List<Map<String, AttributeValue>> same = f.signups(DOWNTOWN).stream()
                .filter(i -> i.containsKey("email") && i.get("email").s().equalsIgnoreCase(person.email())).toList();
        assertEquals(1, same.size(), "one sign-up for the address, however it was written");
        assertEquals(person.email(), same.get(0).get("email").s());
        assertEquals(person.firstName(), same.get(0).get("firstName").s(), "the repeat changed nothing");
    }

    /**
     * New, repeat, honeypot, a full group and the address's daily emails used up: one answer, byte
     * for byte, for JSON and for forms; only the new sign-ups are stored.
     */
    @Test
    void successAnswers_areByteIdentical_forNewRepeatHoneypotFullGroupAndOverTheAddressesLimit() {
        for (boolean isForm : new boolean[] {false, true}) {
            String ip = freshIp();
            List<APIGatewayV2HTTPResponse> answers = new ArrayList<>();
            Person first = PersonalData.person();
            Person bot = PersonalData.person();
            java.util.function.Function<Map<String, Object>, APIGatewayV2HTTPResponse> send =
                    fields -> f.submit(isForm ? form("same-answer-json", fields, ip, false) : json("same-answer-json", fields, ip));
            answers.add(send.apply(fields(first)));            // new
            answers.add(send.apply(fields(first)));            // repeat within the hour: nothing sent
            Map<String, Object> honeypot = fields(bot);
            honeypot.put("website", "https://spam.example");
            answers.add(send.apply(honeypot));                 // honeypot
            answers.add(f.submit(isForm ? form("staff-marked-full", fields(first), ip, false)
                    : json("staff-marked-full", fields(first), ip))); // a full group: places come later
            Set<String> distinct = new java.util.HashSet<>();
            answers.forEach(a -> distinct.add(fingerprint(a)));
            assertEquals(1, distinct.size(), String.join("\n---\n", distinct));
            assertEquals(isForm ? 303 : 202, answers.get(0).getStatusCode());
            assertEquals("unconfirmed", f.signup("same-answer-json", first.email()).status());
            assertNull(f.signup("same-answer-json", bot.email()));
        }
    }

    /**
     * Fifty identical submissions at the same moment (a double-click storm, a retrying client). On a
     * starved machine some may get the calm "try again" answer (503) when DynamoDB does not answer
     * in time; each of those tries again, as the page asks, until it gets another answer. Whatever
     * the machine's speed, every submission ends with the same answer and exactly one sign-up is
     * stored.
     */
    @Test
    void signup_fiftyConcurrentIdenticalSubmissions_storeExactlyOne_andAllGetTheSameAnswer() throws Exception {
        Person person = PersonalData.person();
        CountDownLatch start = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger unavailable = new java.util.concurrent.atomic.AtomicInteger();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        List<Future<APIGatewayV2HTTPResponse>> futures = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            futures.add(pool.submit(() -> {
                start.await();
                while (true) {
                    APIGatewayV2HTTPResponse answer = f.submit(json("fifty-at-once", fields(person), freshIp()));
                    if (answer.getStatusCode() != 503 || System.nanoTime() > deadline) {
                        return answer;
                    }
                    assertTrue(answer.getBody().contains("\"code\":\"unavailable\""), answer.getBody());
                    unavailable.incrementAndGet();
                    Thread.sleep(250);
                }
            }));
        }
        start.countDown();
        Set<String> answers = new java.util.HashSet<>();
        for (Future<APIGatewayV2HTTPResponse> future : futures) {
            answers.add(fingerprint(future.get(180, TimeUnit.SECONDS)));
        }
        System.out.println("fifty at once: " + unavailable.get() + " answers of 503 (tried again)");
        assertEquals(1, answers.size(), String.join("\n---\n", answers));
        assertReceived(futures.get(0).get());
        List<Map<String, AttributeValue>> stored = f.signups("fifty-at-once");
        assertEquals(1, stored.size());
        assertEquals(person.email(), stored.get(0).get("email").s());
        // Places are taken at confirmation, not here: confirm-signup's tests hold them.
        assertEquals(0, f.placesHeld("fifty-at-once", Instant.now()), "a sign-up before its confirmation holds no place");
    }

    /**
     * A repeat re-sends the right email, at most so often, and changes nothing else: the confirm
     * request again for an unconfirmed sign-up if none went in the last hour; the details again
     * for a confirmed one if none went in the last 24 hours.
     */
    @Test
    void repeats_resendTheRightEmail_atMostHourlyThenDaily_andChangeNothingElse() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T08:00:00Z"));
        CreateSignupHandler handler = f.handlerAt(now);
        Person person = PersonalData.person();
        Map<String, Object> renamed = fields(person);
        renamed.put("firstName", person.firstName() + "y");
        PersonalData.submitted(person.firstName() + "y");
        java.util.function.Supplier<List<String>> kinds = () -> f.messages(DOWNTOWN, f.signup(DOWNTOWN, person.email()))
                .stream().map(MessageItem::kind).toList();
        assertReceived(ApiCalls.handle(handler, json(DOWNTOWN, fields(person), freshIp()), null));
        now.set(now.get().plus(59, ChronoUnit.MINUTES));
        assertReceived(ApiCalls.handle(handler, json(DOWNTOWN, renamed, freshIp()), null));
        assertEquals(List.of("confirm_request"), kinds.get(), "not again within the hour");
        now.set(now.get().plus(2, ChronoUnit.MINUTES));
        assertReceived(ApiCalls.handle(handler, json(DOWNTOWN, renamed, freshIp()), null));
        assertEquals(List.of("confirm_request", "confirm_request"), kinds.get(), "again after it");
        SignupItem stored = f.signup(DOWNTOWN, person.email());
        assertEquals(person.firstName(), stored.firstName(), "nothing else changes");
        assertEquals("unconfirmed", stored.status());

        f.dynamoDb.updateItem(u -> u.tableName(f.deployment.physicalId("SignupsTable"))
                .key(Map.of("pk", AttributeValue.fromS(stored.pk()), "sk", AttributeValue.fromS(stored.sk())))
                .updateExpression("SET #s = :c, lastDetailsAt = :t")
                .expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":c", AttributeValue.fromS("confirmed"),
                        ":t", AttributeValue.fromN(Long.toString(now.get().getEpochSecond())))));
        now.set(now.get().plus(23, ChronoUnit.HOURS));
        assertReceived(ApiCalls.handle(handler, json(DOWNTOWN, fields(person), freshIp()), null));
        assertEquals(2, kinds.get().size(), "not again within the day");
        now.set(now.get().plus(2, ChronoUnit.HOURS));
        assertReceived(ApiCalls.handle(handler, json(DOWNTOWN, fields(person), freshIp()), null));
        assertEquals(List.of("confirm_request", "confirm_request", "details"), kinds.get(), "the details, not a confirm request");
        assertEquals("confirmed", f.signup(DOWNTOWN, person.email()).status());
    }

    /** Places are given at the confirm step: any number of unconfirmed sign-ups take none. */
    @Test
    void unconfirmedSignups_holdNoPlace_soThrowawayAddressesCannotFillAGroup() {
        for (int i = 0; i < 5; i++) {
            assertReceived(f.submit(json("capacity-two", fields(PersonalData.person()), freshIp())));
        }
        assertEquals(0, f.placesHeld("capacity-two", Instant.now()));
        assertEquals(0, f.places("capacity-two").version(), "the places were not even touched");
        assertEquals(5, f.signups("capacity-two").size());
        f.signups("capacity-two").forEach(i -> assertEquals("unconfirmed", i.get("status").s()));
    }

    @Test
    void pausedUnknownAndArchivedGroups_answer409And404_inJsonAndAsPages() {
        Person person = PersonalData.person();
        APIGatewayV2HTTPResponse paused = f.submit(json("young-adults-thu-eastside", fields(person), freshIp()));
        assertEquals(409, paused.getStatusCode());
        assertEquals("signups_closed", error(paused).get("code"));
        assertEquals("no-store", paused.getHeaders().get("Cache-Control"));
        for (String missing : List.of("no-such-group", "connection-sun-northside", "Bad_Id", "a".repeat(65))) {
            APIGatewayV2HTTPResponse response = f.submit(json(missing, fields(person), freshIp()));
            assertEquals(404, response.getStatusCode(), missing);
            assertEquals("not_found", error(response).get("code"));
        }
        APIGatewayV2HTTPResponse pausedPage = f.submit(form("young-adults-thu-eastside", fields(person), freshIp(), false));
        assertEquals(409, pausedPage.getStatusCode());
        assertTrue(pausedPage.getBody().contains("<h1>This group isn&#39;t taking sign-ups right now</h1>"));
        APIGatewayV2HTTPResponse missingPage = f.submit(form("no-such-group", fields(person), freshIp(), true));
        assertEquals(404, missingPage.getStatusCode());
        assertTrue(missingPage.getHeaders().get("Content-Type").startsWith("text/html"));
        assertNull(f.signup("young-adults-thu-eastside", person.email()));
        assertNull(f.signup("connection-sun-northside", person.email()));
    }

    /** TTL deletes lazily: an unconfirmed sign-up past its 72 hours is replaced, not treated as a repeat. */
    @Test
    void unconfirmedSignups_expireAfter72Hours_andAreThenReplacedRatherThanTreatedAsRepeats() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
        CreateSignupHandler handler = f.handlerAt(now);
        Person early = PersonalData.person();
        assertReceived(ApiCalls.handle(handler, json("retention-check", fields(early), freshIp()), null));
        SignupItem first = f.signup("retention-check", early.email());

        now.set(now.get().plus(71, ChronoUnit.HOURS));
        assertReceived(ApiCalls.handle(handler, json("retention-check", fields(early), freshIp()), null));
        assertEquals(first.signupId(), f.signup("retention-check", early.email()).signupId(), "still the same one");

        now.set(now.get().plus(2, ChronoUnit.HOURS)); // 73 hours: expired, not yet deleted by TTL
        assertReceived(ApiCalls.handle(handler, json("retention-check", fields(early), freshIp()), null));
        SignupItem renewed = f.signup("retention-check", early.email());
        assertNotEquals(first.signupId(), renewed.signupId(), "the expired sign-up was replaced by a new one");
        assertEquals(now.get().getEpochSecond(), Instant.parse(renewed.createdAt()).getEpochSecond());
        assertEquals("confirm_request", f.messages("retention-check", renewed).get(0).kind());
    }

    @Test
    void language_defaultsToTheGroupsFirst_whenWeWriteInIt_elseEnglish() {
        Person a = PersonalData.person();
        Person b = PersonalData.person();
        Person c = PersonalData.person();
        f.submit(json("conexion-sabado-hibrido", fields(a), freshIp()));
        f.submit(json("french-first", fields(b), freshIp()));
        Map<String, Object> chosen = fields(c);
        chosen.put("language", "es");
        f.submit(json(DOWNTOWN, chosen, freshIp()));
        assertEquals("es", f.signup("conexion-sabado-hibrido", a.email()).language());
        assertEquals("en", f.signup("french-first", b.email()).language());
        assertEquals("es", f.signup(DOWNTOWN, c.email()).language());
    }

    @Test
    void emergencyContact_isRequiredAndStoredOnlyWhereTheGroupAsksForIt() {
        String required = "peer-family-circle-last-friday";
        Person person = PersonalData.person();
        Person contact = PersonalData.person();
        APIGatewayV2HTTPResponse missing = f.submit(json(required, fields(person), freshIp()));
        assertEquals(400, missing.getStatusCode());
        assertEquals(Set.of("emergencyContactName", "emergencyContactPhone"), fieldErrors(missing).keySet());

        Map<String, Object> withContact = fields(person);
        withContact.put("emergencyContactName", contact.firstName());
        withContact.put("emergencyContactPhone", "+1 (555) " + contact.phone().substring(5, 8) + "-" + contact.phone().substring(8));
        PersonalData.submitted((String) withContact.get("emergencyContactPhone"));
        assertReceived(f.submit(json(required, withContact, freshIp())));
        SignupItem stored = f.signup(required, person.email());
        assertEquals(contact.firstName(), stored.emergencyContactName());
        assertEquals(contact.phone(), stored.emergencyContactPhone());

        assertReceived(f.submit(json("connection-lunch-online", withContact, freshIp())));
        SignupItem elsewhere = f.signup("connection-lunch-online", person.email());
        assertNull(elsewhere.emergencyContactName(), "not asked for, so not kept");
        assertNull(elsewhere.emergencyContactPhone());
    }

    @Test
    void invalidJson_gets400WithOneCalmMessagePerField_neverEchoingWhatWasSent() {
        Person person = PersonalData.person();
        String longName = "N" + person.firstName().repeat(4);
        PersonalData.submitted(longName, "call me at home");
        List<Object[]> cases = List.of(
                new Object[] {"firstName", null},
                new Object[] {"firstName", "   "},
                new Object[] {"firstName", longName},
                new Object[] {"firstName", person.firstName() + "\u0007"},
                new Object[] {"firstName", 42},
                new Object[] {"email", null},
                new Object[] {"email", person.firstName()},
                new Object[] {"email", person.email() + "\r\nBcc: other@example.org"},
                new Object[] {"email", person.email() + ", other@example.org"},
                new Object[] {"email", "a".repeat(64) + "@" + "b".repeat(186) + ".org"},
                new Object[] {"phone", "call me at home"},
                new Object[] {"forWhom", "me"},
                new Object[] {"forWhom", null},
                new Object[] {"language", "fr"},
                new Object[] {"consent", false},
                new Object[] {"consent", "true"},
                new Object[] {"consent", null});
        for (Object[] c : cases) {
            Map<String, Object> fields = fields(person);
            if (c[1] == null) {
                fields.remove((String) c[0]);
            } else {
                fields.put((String) c[0], c[1]);
            }
            APIGatewayV2HTTPResponse response = f.submit(json(DOWNTOWN, fields, freshIp()));
            String label = c[0] + "=" + (c[1] == null ? "absent" : "case " + cases.indexOf(c));
            assertEquals(400, response.getStatusCode(), label);
            assertEquals("invalid_request", error(response).get("code"), label);
            assertEquals(Set.of(c[0]), fieldErrors(response).keySet(), label);
            assertEquals("no-store", response.getHeaders().get("Cache-Control"));
            assertNoneOf(response.getBody(), person.firstName(), person.email(), person.phone(), "call me", longName);
        }
        assertNull(f.signup(DOWNTOWN, person.email()));
    }

    @Test
    void unknownFieldsMalformedJsonAndNonObjects_are400_withoutNamingOrQuotingThem() {
        Person person = PersonalData.person();
        Map<String, Object> extra = fields(person);
        extra.put("lastName", person.firstName() + "son");
        APIGatewayV2HTTPResponse unknown = f.submit(json(DOWNTOWN, extra, freshIp()));
        assertEquals(400, unknown.getStatusCode());
        assertTrue(((String) error(unknown).get("message")).startsWith("This sign-up accepts only these fields"));
        assertNoneOf(unknown.getBody(), "lastName", person.firstName());

        for (String body : List.of("{", "[]", "\"x\"", "{\"email\":\"" + person.email() + "\",\"email\":\"x@example.org\"}", "")) {
            APIGatewayV2HTTPEvent event = json(DOWNTOWN, Map.of(), freshIp());
            event.setBody(body);
            APIGatewayV2HTTPResponse response = f.submit(event);
            assertEquals(400, response.getStatusCode(), body);
            assertEquals("invalid_request", error(response).get("code"));
            assertNoneOf(response.getBody(), person.email());
        }
        APIGatewayV2HTTPEvent brokenForm = form(DOWNTOWN, fields(person), freshIp(), false);
        brokenForm.setBody("firstName=%E2%28&email=%");
        APIGatewayV2HTTPResponse page = f.submit(brokenForm);
        assertEquals(400, page.getStatusCode());
        assertTrue(page.getBody().contains("<li>Please fill in the form again.</li>"), page.getBody());
        assertNull(f.signup(DOWNTOWN, person.email()));
    }

    @Test
    void bodiesOver8KiB_are413_andOtherContentTypes_are415() {
        Person person = PersonalData.person();
        Map<String, Object> padded = fields(person);
        padded.put("firstName", "x".repeat(8200));
        APIGatewayV2HTTPResponse json = f.submit(json(DOWNTOWN, padded, freshIp()));
        assertEquals(413, json.getStatusCode());
        assertEquals("payload_too_large", error(json).get("code"));
        APIGatewayV2HTTPResponse encodedForm = f.submit(form(DOWNTOWN, padded, freshIp(), true));
        assertEquals(413, encodedForm.getStatusCode());
        assertTrue(encodedForm.getHeaders().get("Content-Type").startsWith("text/html"));

        for (String type : new String[] {"text/plain", "multipart/form-data; boundary=x", "application/xml", null,
            "application/x-www-form-urlencoded; charset=iso-8859-1"}) {
            APIGatewayV2HTTPEvent event = json(DOWNTOWN, fields(person), freshIp());
            event.getHeaders().remove("content-type");
            if (type != null) {
                event.getHeaders().put("content-type", type);
            }
            APIGatewayV2HTTPResponse response = f.submit(event);
            assertEquals(415, response.getStatusCode(), type);
            assertEquals("unsupported_media_type", error(response).get("code"));
        }
        assertNull(f.signup(DOWNTOWN, person.email()));
    }

    /** A browser with no JavaScript gets a page it can use: what is wrong, linked to the field, in its language. */
    @Test
    void invalidFormPost_gets400Page_namingTheProblems_linkedToTheirFields_withoutWhatWasTyped() {
        Person person = PersonalData.person();
        Map<String, Object> fields = fields(person);
        fields.put("email", person.firstName() + " at example");
        fields.put("phone", "call me at home");
        fields.remove("consent");
        PersonalData.submitted(person.firstName() + " at example", "call me at home");
        APIGatewayV2HTTPResponse page = f.submit(form(DOWNTOWN, fields, freshIp(), false));

        assertEquals(400, page.getStatusCode());
        String html = page.getBody();
        assertTrue(html.startsWith("<!DOCTYPE html>\n<html lang=\"en\">"), html);
        assertTrue(html.contains("<title>Please check your sign-up · Example Peer Support</title>"), "whose page it is");
        assertTrue(html.contains("<p class=\"org\"><a href=\"http://127.0.0.1:3000/\">Example Peer Support</a></p>"),
                "the organisation's name, leading back to its site");
        assertTrue(html.indexOf("<a href=\"tel:988\">Call</a>") < html.indexOf("<h1>"), "988 at the top");
        assertTrue(html.contains("<h1>Please check your sign-up</h1>"));
        assertTrue(html.contains("role=\"alert\""));
        assertTrue(html.contains("<li><a href=\"#email\">Enter one email address, like name@example.com.</a></li>"), html);
        assertTrue(html.contains("<li><a href=\"#phone\">"));
        assertTrue(html.contains("<li><a href=\"#consent\">"));
        assertFalse(html.contains("<li><a href=\"#firstName\">"), "only the fields that are wrong");
        for (String field : List.of("firstName", "email", "phone", "language", "consent")) {
            assertTrue(html.contains("<label for=\"" + field + "\">"), field);
            assertTrue(html.contains("id=\"" + field + "\""), field);
        }
        assertTrue(html.contains("id=\"email\" name=\"email\" autocomplete=\"email\" maxlength=\"254\" required "
                + "aria-invalid=\"true\" aria-describedby=\"email-error\""), html);
        assertTrue(html.contains("<form method=\"post\" action=\"signups\""));
        assertFalse(html.contains("<script"));
        assertNoneOf(html, person.firstName(), person.email(), person.phone(), "call me");
        Map<String, String> headers = page.getHeaders();
        assertEquals("text/html; charset=utf-8", headers.get("Content-Type"));
        assertEquals("no-store", headers.get("Cache-Control"));
        assertEquals("nosniff", headers.get("X-Content-Type-Options"));
        assertTrue(headers.get("Content-Security-Policy").contains("default-src 'none'"));
        assertTrue(headers.get("Content-Security-Policy").contains("form-action 'self' http://127.0.0.1:3000;"),
                "the form's redirect to the thank-you page must be allowed");
        assertNull(f.signup(DOWNTOWN, person.email()));
    }

    @Test
    void invalidFormPost_isAnsweredInSpanish_whenChosenOrPreferredByTheBrowser() {
        Person person = PersonalData.person();
        Map<String, Object> chosen = fields(person);
        chosen.put("language", "es");
        chosen.remove("firstName");
        APIGatewayV2HTTPResponse page = f.submit(form(DOWNTOWN, chosen, freshIp(), false));
        assertTrue(page.getBody().startsWith("<!DOCTYPE html>\n<html lang=\"es\">"));
        assertTrue(page.getBody().contains("Escriba su nombre o un apodo"));

        Map<String, Object> preferred = fields(person);
        preferred.remove("forWhom");
        APIGatewayV2HTTPEvent event = form(DOWNTOWN, preferred, freshIp(), false);
        event.getHeaders().put("accept-language", "es-MX,es;q=0.9,en;q=0.5");
        APIGatewayV2HTTPResponse spanish = f.submit(event);
        assertTrue(spanish.getBody().contains("<li><a href=\"#forWhom-self\">Indique si se inscribe"), spanish.getBody());
        APIGatewayV2HTTPResponse spanishJson = f.submit(json("conexion-sabado-hibrido", preferred, freshIp()));
        assertEquals("Revise los campos señalados.", error(spanishJson).get("message"),
                "a Spanish-first group answers in Spanish when nothing else says otherwise");
    }

    /** Keys and indexes hold HMACs only: no address, no part of one, no source IP. */
    @Test
    void noPlaintextEmailOrSourceIp_inAnyKeyOrIndexedAttribute() {
        Person person = PersonalData.person();
        String ip = freshIp();
        f.submit(json(DOWNTOWN, fields(person), ip));
        String local = person.email().substring(0, person.email().indexOf('@'));
        Set<String> keyAttributes = Set.of("pk", "sk", "emailKey", "withdrawTokenHash", "emailPending", "createdAt");
        int checked = 0;
        for (String table : List.of("SignupsTable", "RateLimitsTable")) {
            for (Map<String, AttributeValue> item : f.scan(table)) {
                for (String attribute : keyAttributes) {
                    AttributeValue value = item.get(attribute);
                    if (value != null && value.s() != null) {
                        String text = value.s().toLowerCase(java.util.Locale.ROOT);
                        assertFalse(text.contains(local.toLowerCase(java.util.Locale.ROOT)), table + "." + attribute);
                        assertFalse(text.contains("@"), table + "." + attribute);
                        assertFalse(text.contains(ip), table + "." + attribute);
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked > 20);
        for (Map<String, AttributeValue> counter : f.scan("RateLimitsTable")) {
            assertTrue(counter.get("pk").s().matches("(IP|EMAIL)#[A-Za-z0-9_-]{43}"), "counters are keyed by hashes");
        }
        // This sign-up's two counters, found by computing the same keyed hashes through KMS.
        var keys = new org.peersupport.shared.privacy.PersonalKeys(org.peersupport.shared.privacy.PersonalKeys.kms(
                f.deployment.kms(), f.env.required("EMAIL_HASH_KEY")));
        for (String pk : List.of("IP#" + keys.ipKey(ip), "EMAIL#" + keys.emailKey(org.peersupport.shared.privacy.EmailAddress.of(person.email())))) {
            List<Map<String, AttributeValue>> mine = f.scan("RateLimitsTable").stream()
                    .filter(i -> i.get("pk").s().equals(pk)).toList();
            assertEquals(1, mine.size(), pk);
            assertNotNull(mine.get(0).get("expiresAt"), "every counter expires with TTL");
        }
    }

    /** A failed write is never answered as a success: the person is told to try again. */
    @Test
    void whenTheStoreFails_theAnswerIs503_neverReceived() {
        Person person = PersonalData.person();
        software.amazon.awssdk.core.interceptor.ExecutionInterceptor failing =
                new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
                    @Override
                    public void beforeTransmission(software.amazon.awssdk.core.interceptor.Context.BeforeTransmission context,
                                                   software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
                        if (context.request() instanceof software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest) {
                            throw software.amazon.awssdk.core.exception.SdkClientException.create("injected: store down");
                        }
                    }
                };
        var dynamoDb = software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder()
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .httpClient(org.peersupport.shared.aws.AwsClients.http())
                .overrideConfiguration(c -> c.addExecutionInterceptor(failing))
                .build();
        CreateSignupHandler handler = new CreateSignupHandler(f.env, dynamoDb, org.peersupport.shared.aws.AwsClients.kms(f.env),
                java.time.Clock.systemUTC());
        APIGatewayV2HTTPResponse json = ApiCalls.handle(handler, json(DOWNTOWN, fields(person), freshIp()), null);
        assertEquals(503, json.getStatusCode());
        assertEquals("unavailable", error(json).get("code"));
        assertEquals("5", json.getHeaders().get("Retry-After"));
        APIGatewayV2HTTPResponse page = ApiCalls.handle(handler, form(DOWNTOWN, fields(person), freshIp(), false), null);
        assertEquals(503, page.getStatusCode());
        assertTrue(page.getBody().contains("may not have been saved"));
        assertNull(f.signup(DOWNTOWN, person.email()));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> error(APIGatewayV2HTTPResponse response) {
        return (Map<String, Object>) Json.parseObject(response.getBody()).get("error");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> fieldErrors(APIGatewayV2HTTPResponse response) {
        Object fields = error(response).get("fields");
        return fields == null ? Map.of() : (Map<String, Object>) fields;
    }

    static void assertNoneOf(String body, String... values) {
        for (String value : values) {
            assertFalse(body.toLowerCase(java.util.Locale.ROOT).contains(value.toLowerCase(java.util.Locale.ROOT)),
                    "the answer repeats something that was sent");
        }
    }
}
