package org.peersupport.createsignup;

import java.time.Clock;
import java.time.Instant;
import org.peersupport.shared.privacy.PersonalKeys;

/**
 * Takes a valid submission, honeypot included, through the same calls whatever the address's
 * state: the source IP's hash and count (over the limit: {@link Outcome#IP_LIMIT}, before
 * anything is read or stored), the address's hash, then the store's read and one transaction.
 */
final class SignupService {
    private final PersonalKeys keys;
    private final RateLimits limits;
    private final SignupStore store;
    private final Clock clock;

    SignupService(PersonalKeys keys, RateLimits limits, SignupStore store, Clock clock) {
        this.keys = keys;
        this.limits = limits;
        this.store = store;
        this.clock = clock;
    }

    /** What became of it, and when (the answer's Retry-After counts from then). */
    record Result(Outcome outcome, Instant at) {
    }

    Result submit(GroupRules group, SignupRequest request, String sourceIp) {
        Instant now = clock.instant();
        if (!limits.countIp(keys.ipKey(sourceIp), now)) {
            return new Result(Outcome.IP_LIMIT, now);
        }
        String emailKey = keys.emailKey(request.email());
        return new Result(store.submit(group, request, emailKey, now), now);
    }
}
