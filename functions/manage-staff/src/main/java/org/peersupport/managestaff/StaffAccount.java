package org.peersupport.managestaff;

import java.time.Instant;
import org.peersupport.shared.http.StaffRole;

/**
 * A staff account as the console lists it.
 *
 * @param role null for an account in neither group (it can sign in but reach nothing)
 * @param status the user pool's own word: {@code FORCE_CHANGE_PASSWORD} until the first sign-in, then {@code CONFIRMED}
 */
public record StaffAccount(String username, String email, StaffRole role, String status, boolean enabled,
                           Instant createdAt) {
}
