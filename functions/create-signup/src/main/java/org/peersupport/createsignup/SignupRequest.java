package org.peersupport.createsignup;

import org.peersupport.shared.model.ForWhom;
import org.peersupport.shared.privacy.EmailAddress;

/**
 * A valid sign-up as submitted: trimmed, the address in its canonical form, phones in E.164, the
 * language settled, and emergency contact fields only where the group asks for them (otherwise
 * they are not kept at all).
 *
 * @param honeypot whether the hidden {@code website} field was filled in (by a bot)
 */
record SignupRequest(String firstName, EmailAddress email, String phone, ForWhom forWhom, String language,
                     String emergencyContactName, String emergencyContactPhone, boolean honeypot) {

    @Override
    public String toString() {
        return "SignupRequest[forWhom=" + forWhom + ", language=" + language + ", honeypot=" + honeypot + "]";
    }
}
