package org.peersupport.listgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class FeedIdsTest {
    /** RFC 9562's DNS namespace and the name-based UUID every v5 implementation gives for python.org. */
    @Test
    void nameBased_isRfc9562Version5() {
        UUID dns = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
        UUID id = FeedIds.nameBased(dns, "python.org");
        assertEquals(UUID.fromString("886313e1-3b8a-5372-9b90-0c9aee199e5d"), id);
        assertEquals(5, id.version());
        assertEquals(2, id.variant());
    }

    @Test
    void ids_areStableForADeployment_andDifferBetweenDeployments() {
        FeedIds one = new FeedIds("arn:aws:cloudformation:us-east-1:123456789012:stack/peer-support/a");
        FeedIds again = new FeedIds("arn:aws:cloudformation:us-east-1:123456789012:stack/peer-support/a");
        FeedIds other = new FeedIds("arn:aws:cloudformation:us-east-1:210987654321:stack/peer-support/b");
        assertEquals(one.service("connection-tue-downtown"), again.service("connection-tue-downtown"));
        assertNotEquals(one.service("connection-tue-downtown"), other.service("connection-tue-downtown"));
        assertNotEquals(one.service("connection-tue-downtown"), one.service("family-support-thu-online"));
        assertNotEquals(one.organization(), other.organization());
    }
}
