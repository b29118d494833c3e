package org.peersupport.managestaff;

import java.util.List;
import org.peersupport.shared.http.StaffRole;

/** The user pool's staff accounts, as admins manage them. */
public interface StaffDirectory {
    /** Every account, in no particular order. */
    List<StaffAccount> accounts();

    /** One account, or null when there is none by that username. */
    StaffAccount account(String username);

    /**
     * Creates the account with a temporary password the user pool sends to {@code email} with its
     * invitation, and gives it {@code role}.
     *
     * @throws AccountExistsException when the username is taken
     * @throws InvalidEmailException when the user pool will not send to that address
     */
    void invite(String username, String email, StaffRole role);

    /** Gives an existing account {@code role} and takes the other away. */
    void setRole(String username, StaffRole role);

    /** Deletes the account; false when there was none. */
    boolean remove(String username);

    final class AccountExistsException extends RuntimeException {
        public AccountExistsException() {
            super("account exists");
        }
    }

    final class InvalidEmailException extends RuntimeException {
        public InvalidEmailException() {
            super("invalid email");
        }
    }
}
