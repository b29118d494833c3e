package org.peersupport.createsignup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.peersupport.shared.model.EmailStatus;
import org.peersupport.shared.privacy.PersonalKeys;
import org.peersupport.shared.store.SignupItem;
import org.peersupport.shared.store.SignupKeys;

/** Takes a valid sign-up: the honeypot, then the store (which counts the source IP's and the address's limits). */
final class SignupService {
    private final PersonalKeys keys;
    private final SignupStore store;
    private final Duration retention;
    private final Clock clock;

    SignupService(PersonalKeys keys, SignupStore store, int retentionDays, Clock clock) {
        this.keys = keys;
        this.store = store;
        this.retention = Duration.ofDays(retentionDays);
        this.clock = clock;
    }

    Outcome submit(GroupRules group, SignupRequest request, String sourceIp) {
        if (request.honeypot()) {
            return Outcome.HONEYPOT;
        }
        Instant now = clock.instant();
        return store(group, request, keys.ipKey(sourceIp), now);
    }

    private Outcome store(GroupRules group, SignupRequest request, String ipKey, Instant now) {
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
        return store.store(group, item, ipKey, now);
    }
}
