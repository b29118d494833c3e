package org.peersupport.local.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sent mail read back from what moto and LocalStack store. */
class OutboxTest {
    static final String RAW = String.join("\r\n",
            "From: Example Peer Support <groups@example.org>",
            "To: person@example.org",
            "Subject: =?UTF-8?Q?Example_Peer_Support:_los_detalles_de_su_grupo?=",
            "MIME-Version: 1.0",
            "Content-Type: multipart/alternative; boundary=\"b1\"",
            "",
            "--b1",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            "Hola Ana, su grupo se re=C3=BAne el martes.",
            "--b1",
            "Content-Type: text/html; charset=UTF-8",
            "Content-Transfer-Encoding: base64",
            "",
            "PHA+SG9sYSBBbmEsIHN1IGdydXBvIHNlIHJlw7puZSBlbCBtYXJ0ZXMuPC9wPg==",
            "--b1--",
            "");

    @Test
    void aRawMimeMessage_givesItsDecodedSubjectAndBothParts_andEachRecipientOnce() {
        Outbox.Mail mail = Outbox.parseRaw(RAW, List.of("person@example.org", "<person@example.org>"), "groups@example.org");
        assertEquals(List.of("person@example.org"), mail.to());
        assertEquals("groups@example.org", mail.from());
        assertEquals("Example Peer Support: los detalles de su grupo", mail.subject());
        assertEquals("Hola Ana, su grupo se reúne el martes.", mail.text().strip());
        assertEquals("<p>Hola Ana, su grupo se reúne el martes.</p>", mail.html());
    }

    @Test
    void motosStore_givesSimpleMessagesThenRawOnes() throws Exception {
        String data = "{\"ses\":{\"Message\":[{\"source\":\"a@example.org\",\"subject\":\"S\",\"body\":\"<p>Hi</p>\","
                + "\"destinations\":{\"ToAddresses\":[\"b@example.org\"]}}],"
                + "\"RawMessage\":[{\"source\":\"a@example.org\",\"destinations\":[\"person@example.org\"],\"raw_data\":"
                + new ObjectMapper().writeValueAsString(RAW) + "}]}}";
        List<Outbox.Mail> mails = Outbox.fromMoto(new ObjectMapper().readTree(data));
        assertEquals(2, mails.size());
        assertEquals("<p>Hi</p>", mails.get(0).html());
        assertNull(mails.get(0).text());
        assertEquals(List.of("person@example.org"), mails.get(1).to());
    }

    @Test
    void localStacksStore_isReadOldestFirst() throws Exception {
        String data = "{\"messages\":[{\"Source\":\"a@example.org\",\"Subject\":\"Second\",\"Timestamp\":\"2026-11-25T20:00:02\","
                + "\"Destination\":{\"ToAddresses\":[\"b@example.org\"]},\"Body\":{\"text_part\":\"2\",\"html_part\":null}},"
                + "{\"Source\":\"a@example.org\",\"Subject\":\"First\",\"Timestamp\":\"2026-11-25T20:00:01\","
                + "\"Destination\":{\"ToAddresses\":[\"b@example.org\"]},\"Body\":{\"text_part\":\"1\",\"html_part\":\"<p>1</p>\"}}]}";
        List<Outbox.Mail> mails = Outbox.fromLocalStack(new ObjectMapper().readTree(data));
        assertEquals(List.of("First", "Second"), mails.stream().map(Outbox.Mail::subject).toList());
        assertEquals("<p>1</p>", mails.get(0).html());
    }
}
