package org.peersupport.createsignup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.peersupport.shared.model.EmailStatus;
import org.peersupport.shared.privacy.PersonalKeys;
import org.peersupport.shared.store.SignupItem;
import org.peersupport.shared.store.SignupKeys;

/** Takes a valid sign-up: the honeypot, the source IP's limit, then the store. */
final class SignupService {
    private final PersonalKeys keys;
    private final RateLimits limits;
    private final SignupStore store;
    private final Duration retention;
    private final Clock clock;

    SignupService(PersonalKeys keys, RateLimits limits, SignupStore store, int retentionDays, Clock clock) {
        this.keys = keys;
        this.limits = limits;
        this.store = store;
        this.retention = Duration.ofDays(retentionDays);
        this.clock = clock;
    }

    Outcome submit(GroupRules group, SignupRequest request, String sourceIp) {
        if (request.honeypot()) {
            return Outcome.HONEYPOT;
        }
        Instant now = clock.instant();
        String ipKey = keys.ipKey(sourceIp);
        if (!limits.countIp(ipKey, now)) {
            return Outcome.IP_LIMIT;
        }
        try {
            return store(group, request, now);
        } catch (RuntimeException failed) {
            // Nothing was stored (or, if an answer was lost, the person's retry will find it): the
            // attempt does not count against their address's hourly limit.
            limits.uncountIp(ipKey, now);
            throw failed;
        }
    }

    private Outcome store(GroupRules group, SignupRequest request, Instant now) {
        String emailKey = keys.emailKey(request.email());
        SignupItem item = SignupItem.builder()
                .pk(SignupKeys.groupPk(group.id()))
                .sk(SignupKeys.signupSk(emailKey))
                .signupId(UUID.randomUUID().toString())
                .groupId(group.id())
                .emailKey(emailKey)
                .createdAt(SignupItem.timestamp(now))
                .expiresAt(now.plus(retention).getEpochSecond())
                .firstName(request.firstName())
                .email(request.email())
                .phone(request.phone())
                .forWhom(request.forWhom().wire())
                .language(request.language())
                .emergencyContactName(request.emergencyContactName())
                .emergencyContactPhone(request.emergencyContactPhone())
                .emailStatus(EmailStatus.PENDING.wire())
                .emailPending(SignupKeys.PENDING)
                .emailAttempts(0)
                .build();
        return store.store(group, item, now);
    }
}
