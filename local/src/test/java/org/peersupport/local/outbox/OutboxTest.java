package org.peersupport.local.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sent mail read back from LocalStack's store (moto's is read by testkit's MotoOutbox; see LocalServerIT). */
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
    void localStacksStore_isReadOldestFirst_rawMessagesAsMime() throws Exception {
        String data = "{\"messages\":[{\"Source\":\"a@example.org\",\"Subject\":\"Second\",\"Timestamp\":\"2026-11-25T20:00:02\","
                + "\"Destination\":{\"ToAddresses\":[\"b@example.org\"]},\"Body\":{\"text_part\":\"2\",\"html_part\":null}},"
                + "{\"Source\":\"a@example.org\",\"Subject\":\"First\",\"Timestamp\":\"2026-11-25T20:00:01\","
                + "\"Destination\":{\"ToAddresses\":[\"b@example.org\"]},\"Body\":{\"text_part\":\"1\",\"html_part\":\"<p>1</p>\"}},"
                + "{\"Id\":\"m3\",\"Source\":\"groups@example.org\",\"Timestamp\":\"2026-11-25T20:00:03\","
                + "\"Destination\":{\"ToAddresses\":[\"person@example.org\"]},\"RawData\":"
                + new ObjectMapper().writeValueAsString(RAW) + "}]}";
        List<Outbox.Mail> mails = Outbox.fromLocalStack(new ObjectMapper().readTree(data));
        assertEquals(List.of("First", "Second", "Example Peer Support: los detalles de su grupo"),
                mails.stream().map(Outbox.Mail::subject).toList());
        assertEquals("<p>1</p>", mails.get(0).html());
        Outbox.Mail raw = mails.get(2);
        assertEquals(List.of("person@example.org"), raw.to());
        assertEquals("groups@example.org", raw.from());
        assertEquals("Hola Ana, su grupo se reúne el martes.", raw.text().strip());
        assertEquals("<p>Hola Ana, su grupo se reúne el martes.</p>", raw.html());
    }
}
