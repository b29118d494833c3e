package org.peersupport.shared.audit;

/** What a staff member did, as recorded in the audit trail. */
public enum AuditAction {
    EXPORT_SIGNUPS("export_signups"),
    PUT_GROUP("put_group"),
    ARCHIVE_GROUP("archive_group"),
    PUT_CLOSURE("put_closure"),
    DELETE_CLOSURE("delete_closure"),
    ERASE_SIGNUPS("erase_signups");

    private final String wire;

    AuditAction(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
