package org.peersupport.shared.audit;

import org.peersupport.shared.model.WireValue;

/** What a staff member did, as recorded in the audit trail. */
public enum AuditAction implements WireValue {
    EXPORT_SIGNUPS("export_signups"),
    PUT_GROUP("put_group"),
    ARCHIVE_GROUP("archive_group"),
    PUT_CLOSURE("put_closure"),
    DELETE_CLOSURE("delete_closure"),
    ERASE_SIGNUPS("erase_signups"),
    INVITE_STAFF("invite_staff"),
    CHANGE_STAFF_ROLE("change_staff_role"),
    REMOVE_STAFF("remove_staff");

    private final String wire;

    AuditAction(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
