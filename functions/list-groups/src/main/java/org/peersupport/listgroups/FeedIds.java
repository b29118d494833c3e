package org.peersupport.listgroups;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * The HSDS feed's identifiers. HSDS wants a UUID for every object, stable between requests so a
 * directory that copies the feed can update what it copied. Each is a name-based UUID (RFC 9562
 * version 5) of the deployment's own namespace and the object's path, such as
 * {@code service/connection-tue-downtown}: the same group always has the same id, and two
 * organisations' groups never share one, even with the same group id.
 */
final class FeedIds {
    /** RFC 9562's namespace for URLs and other names. */
    private static final UUID NAMESPACE_URL = UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8");

    private final UUID namespace;

    /** @param deployment stable and unique to this deployment: the stack's id */
    FeedIds(String deployment) {
        this.namespace = nameBased(NAMESPACE_URL, "peer-support-groups:" + deployment);
    }

    UUID organization() {
        return of("organization");
    }

    UUID service(String groupId) {
        return of("service/" + groupId);
    }

    /** An object that belongs to a group's service: {@code location/physical}, {@code language/es}... */
    UUID of(String groupId, String part) {
        return of("service/" + groupId + "/" + part);
    }

    private UUID of(String path) {
        return nameBased(namespace, path);
    }

    static UUID nameBased(UUID namespace, String name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
        sha1.update(ByteBuffer.allocate(16).putLong(namespace.getMostSignificantBits())
                .putLong(namespace.getLeastSignificantBits()).array());
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50); // version 5
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // IETF variant
        ByteBuffer bytes = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bytes.getLong(), bytes.getLong());
    }
}
