package org.peersupport.sendconfirmation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.peersupport.shared.model.SignupStatus;
import org.peersupport.shared.privacy.PersonalKeys;
import org.peersupport.shared.store.MessageItem;
import org.peersupport.shared.store.SignupItem;
import org.peersupport.shared.store.SignupKeys;
import org.peersupport.testkit.MotoOutbox;
import org.peersupport.testkit.StreamEventSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The mailer as deployed: the real handler against moto, fed by the table's own stream through an
 * event source mapping configured from template.yaml, and by its sweep. Mail is read back from
 * moto's SES and parsed as MIME.
 */
class SendConfirmationIT {
    static Mailroom room;
    static SendConfirmationHandler handler;

    @BeforeAll
    static void deploy() {
        room = new Mailroom();
        handler = room.handler();
    }

    @Test
    void signup_whenStored_getsExactlyOneEmailInItsLanguage_whoseWithdrawTokenIsTheStoredHash() {
        SignupItem english = room.signUp("connection-tue-downtown", "en");
        SignupItem spanish = room.signUp("conexion-sabado-hibrido", "es");
        room.stream(handler).drain();

        List<MotoOutbox.Mail> toEnglish = Mailroom.mailTo(english);
        List<MotoOutbox.Mail> toSpanish = Mailroom.mailTo(spanish);
        assertEquals(1, toEnglish.size());
        assertEquals(1, toSpanish.size());

        MotoOutbox.Mail en = toEnglish.get(0);
        assertEquals("Example Peer Support: your group details", en.subject());
        assertEquals(List.of("en"), en.headers().get("content-language"));
        assertTrue(en.text().contains("Hello " + english.firstName() + ","));
        assertTrue(en.text().contains("Example Community Center, Room 204"));
        assertTrue(en.html().contains("<html lang=\"en\">"));
        assertEquals("groups@example.org", en.from());
        assertEquals("Example Peer Support", en.fromName());

        MotoOutbox.Mail es = toSpanish.get(0);
        assertEquals("Example Peer Support: información de su grupo", es.subject());
        assertEquals(List.of("es"), es.headers().get("content-language"));
        assertTrue(es.text().contains("Hola, " + spanish.firstName() + ":"));
        assertTrue(es.text().contains("https://meet.example.org/conexion-sabado"));
        assertTrue(es.text().contains("oprima el 2"));

        for (SignupItem item : List.of(english, spanish)) {
            MotoOutbox.Mail mail = Mailroom.mailTo(item).get(0);
            MessageItem stored = room.reload(item);
            assertEquals("sent", stored.emailStatus());
            assertNull(stored.emailPending(), "off the sparse PendingEmail index");
            assertNull(stored.emailClaimedUntil());
            assertEquals(mail.messageId(), stored.emailMessageId());
            assertEquals(1, stored.emailAttempts());
            String token = Mailroom.withdrawToken(mail);
            assertEquals(PersonalKeys.tokenHash(token), stored.withdrawTokenHash());
            // What withdraw will do with the link: find the sign-up by the token's hash.
            var found = room.deployment.dynamoDb().query(r -> r.tableName(room.deployment.physicalId("SignupsTable"))
                    .indexName(SignupKeys.BY_WITHDRAW_TOKEN)
                    .keyConditionExpression("withdrawTokenHash = :h")
                    .expressionAttributeValues(Map.of(":h", AttributeValue.fromS(PersonalKeys.tokenHash(token)))))
                    .items();
            assertEquals(1, found.size());
            assertEquals(Mailroom.messageSk(item), found.get(0).get("sk").s());
            assertEquals("sent", room.signup(item).emailStatus(), "the export's column follows the details email");
            List<String> titles = mail.calendar().lines().filter(l -> l.startsWith("SUMMARY:")).toList();
            assertEquals(ConfirmationMailer.NEXT_MEETINGS, titles.size(), "the person's calendar file: " + mail.calendar());
            assertTrue(titles.stream().allMatch("SUMMARY:Example Peer Support"::equals), titles.toString());
            assertTrue(mail.html().contains("/signups/withdraw?token&#x3D;" + token
                    + (item == spanish ? "&amp;lang&#x3D;es\"" : "\"")), "in Spanish, the link opens its pages in Spanish");
        }
    }

    /**
     * An organisation that verified its domain in SES rather than the address (CreateSenderIdentity
     * false): the email goes out from the address, through the stack's configuration set, and SES
     * authorises it on the domain's identity, which the mailer's role names for this case.
     */
    @Test
    void senderWhoseDomainIsVerified_notTheAddress_sendsThroughTheConfigurationSet() {
        String domain = "d" + java.util.UUID.randomUUID().toString().substring(0, 8) + ".example.net";
        Mailroom domainRoom = new Mailroom(Map.of("SenderEmail", "groups@" + domain, "CreateSenderIdentity", "false"));
        domainRoom.deployment.verifyIdentity(domain);
        List<String> configurationSets = new ArrayList<>();
        SendConfirmationHandler sender = domainRoom.handler(Clock.systemUTC(),
                new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(software.amazon.awssdk.core.interceptor.Context.BeforeExecution context,
                                                software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
                        if (context.request() instanceof software.amazon.awssdk.services.sesv2.model.SendEmailRequest send) {
                            configurationSets.add(send.configurationSetName());
                        }
                    }
                });
        SignupItem item = domainRoom.signUp("connection-tue-downtown", "en");
        domainRoom.stream(sender).drain();
        List<MotoOutbox.Mail> mail = Mailroom.mailTo(item);
        assertEquals(1, mail.size());
        assertEquals("groups@" + domain, mail.get(0).from());
        assertEquals(List.of(domainRoom.deployment.physicalId("EmailConfigurationSet")), configurationSets,
                "every send names the stack's configuration set");
    }

    /** A hundred at once, as the mailer's throughput figure (DELIVERY normal): the full run's, not the quick one's. */
    @Test
    @Tag("load")
    void hundredSignups_eachGetExactlyOneEmail_inTheirLanguage() {
        StreamEventSource stream = room.stream(handler);
        stream.drain(); // past other tests' records
        long invocations = stream.stats().invocations();
        List<SignupItem> items = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            items.add(i % 2 == 0 ? room.signUp("connection-tue-downtown", "en") : room.signUp("familia-a-familia-miercoles", "es"));
        }
        long start = System.nanoTime();
        stream.drain();
        long millis = (System.nanoTime() - start) / 1_000_000;
        List<MotoOutbox.Mail> all = MotoOutbox.all();
        int emails = 0;
        for (SignupItem item : items) {
            List<MotoOutbox.Mail> mine = all.stream().filter(m -> m.to().contains(item.email())).toList();
            assertEquals(1, mine.size());
            assertEquals(List.of(item.language()), mine.get(0).headers().get("content-language"));
            emails += mine.size();
        }
        System.out.printf("DELIVERY normal: signups=%d emails=%d streamInvocations=%d streamMillis=%d%n",
                items.size(), emails, stream.stats().invocations() - invocations, millis);
    }

    @Test
    void sameStreamRecord_deliveredAgainAndSwept_neverSendsASecondEmail() {
        SignupItem item = room.signUp("family-support-thu-online", "en", SignupStatus.CONFIRMED,
                Instant.now().minus(Duration.ofMinutes(10)));
        String event = Mailroom.streamEvent(List.of(item), 1);
        assertEquals(List.of(), Mailroom.failures(room.invoke(handler, event)));
        assertEquals(List.of(), Mailroom.failures(room.invoke(handler, event)));
        room.sweep(handler);
        room.stream(handler).drain();
        assertEquals(1, Mailroom.mailTo(item).size());
        assertEquals(1, room.reload(item).emailAttempts());
    }

    @Test
    void sweepAndStream_atTheSameTime_sendEachSignupOnce() throws Exception {
        List<SignupItem> items = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            items.add(room.signUp(i % 2 == 0 ? "connection-lunch-online" : "familia-a-familia-miercoles",
                    i % 2 == 0 ? "en" : "es", SignupStatus.CONFIRMED, Instant.now().minus(Duration.ofMinutes(10))));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> runs = new ArrayList<>();
            StreamEventSource stream = room.stream(room.handler());
            runs.add(pool.submit(stream::drain));
            for (int i = 0; i < 3; i++) {
                // Each sweep its own handler, as separate Lambda invocations would be.
                SendConfirmationHandler sweeper = room.handler();
                runs.add(pool.submit(() -> room.sweep(sweeper)));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdown();
        }
        Map<String, Integer> received = Mailroom.countByRecipient(MotoOutbox.all());
        for (SignupItem item : items) {
            assertEquals(1, received.get(item.email()), "one email each");
            assertEquals("sent", room.reload(item).emailStatus());
        }
    }

    @Test
    void signup_withdrawnOrExpiredBeforeSending_getsNoEmail() {
        SignupItem withdrawn = room.signUp("connection-tue-downtown", "en");
        room.signups.deleteItem(withdrawn);
        SignupItem expired = room.signUp("connection-tue-downtown", "en", SignupStatus.CONFIRMED,
                Instant.now().minus(Duration.ofDays(181)));
        room.stream(handler).drain();
        room.sweep(handler);
        assertEquals(0, Mailroom.mailTo(withdrawn).size());
        assertEquals(0, Mailroom.mailTo(expired).size());
        assertNull(room.signup(withdrawn), "withdrawing is not undone by the mailer");
        assertEquals("cancelled", room.reload(withdrawn).emailStatus(), "a message whose sign-up went is never sent");
        assertEquals("pending", room.reload(expired).emailStatus());
    }

    @Test
    void waitlistedSignup_isToldSo_andGetsNoJoiningDetailsYet() {
        SignupItem item = room.signUp("conexion-sabado-hibrido", "en", SignupStatus.WAITLISTED, Instant.now());
        room.stream(handler).drain();
        MotoOutbox.Mail mail = Mailroom.mailTo(item).get(0);
        assertTrue(mail.text().contains("you are on its waiting list"));
        assertFalse(mail.text().contains("meet.example.org"));
        assertFalse(mail.text().contains("Calle Muestra"));
        assertTrue(mail.text().contains("conexion@example.org"), "the facilitator can still be reached");
    }

    @Test
    void signupForAnArchivedGroup_isMarkedUndeliverable() {
        SignupItem item = room.signUp("connection-sun-northside", "en");
        room.stream(handler).drain();
        assertEquals(0, Mailroom.mailTo(item).size());
        MessageItem stored = room.reload(item);
        assertEquals("undeliverable", stored.emailStatus());
        assertEquals("group_archived", stored.emailError());
        assertNull(stored.emailPending());
    }

    @Test
    void sweep_leavesSignupsYoungerThanItsMinimumAgeToTheStream() {
        SignupItem young = room.signUp("connection-tue-downtown", "en");
        room.sweep(handler);
        assertEquals(0, Mailroom.mailTo(young).size());
        // Four minutes later (past SWEEP_MIN_AGE_SECONDS), the sweep sends it.
        room.sweep(room.handler(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(4))));
        assertEquals(1, Mailroom.mailTo(young).size());
    }

    @Test
    void sampleEvents_areHandled() throws Exception {
        String stream = new String(getClass().getResourceAsStream("/events/send-confirmation-stream.json").readAllBytes());
        assertEquals(List.of(), Mailroom.failures(room.invoke(handler, stream)), "no such sign-ups: nothing to do");
        String sweep = new String(getClass().getResourceAsStream("/events/send-confirmation-sweep.json").readAllBytes());
        Map<String, Object> summary = room.invoke(handler, sweep);
        assertNotNull(summary.get("sent"));
    }
}
