package org.peersupport.shared.store;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;

import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * A group's private meeting details, in a table only the mailer and staff functions can read, with
 * the usernames of the staff accounts that run the group: who runs a group is as private as who
 * facilitates it, and the export reads only that attribute of this table (an IAM condition).
 */
public record MeetingDetailsItem(String id, String address, String meetingUrl, String meetingPhone,
                                 String facilitatorName, String facilitatorEmail, String notesForRegistrants,
                                 List<String> facilitatorUsernames) {
    private static final EnhancedType<List<String>> STRINGS = EnhancedType.listOf(String.class);

    public static final TableSchema<MeetingDetailsItem> SCHEMA =
            StaticImmutableTableSchema.builder(MeetingDetailsItem.class, Builder.class)
                    .newItemBuilder(Builder::new, Builder::build)
                    .addAttribute(String.class, a -> a.name("id").getter(MeetingDetailsItem::id).setter(Builder::id)
                            .tags(primaryPartitionKey()))
                    .addAttribute(String.class, a -> a.name("address").getter(MeetingDetailsItem::address)
                            .setter(Builder::address))
                    .addAttribute(String.class, a -> a.name("meetingUrl").getter(MeetingDetailsItem::meetingUrl)
                            .setter(Builder::meetingUrl))
                    .addAttribute(String.class, a -> a.name("meetingPhone").getter(MeetingDetailsItem::meetingPhone)
                            .setter(Builder::meetingPhone))
                    .addAttribute(String.class, a -> a.name("facilitatorName").getter(MeetingDetailsItem::facilitatorName)
                            .setter(Builder::facilitatorName))
                    .addAttribute(String.class, a -> a.name("facilitatorEmail").getter(MeetingDetailsItem::facilitatorEmail)
                            .setter(Builder::facilitatorEmail))
                    .addAttribute(String.class, a -> a.name("notesForRegistrants")
                            .getter(MeetingDetailsItem::notesForRegistrants).setter(Builder::notesForRegistrants))
                    .addAttribute(STRINGS, a -> a.name("facilitatorUsernames")
                            .getter(MeetingDetailsItem::facilitatorUsernames).setter(Builder::facilitatorUsernames))
                    .build();

    public static final class Builder {
        private String id;
        private String address;
        private String meetingUrl;
        private String meetingPhone;
        private String facilitatorName;
        private String facilitatorEmail;
        private String notesForRegistrants;
        private List<String> facilitatorUsernames = List.of();

        public Builder id(String v) { id = v; return this; }
        public Builder address(String v) { address = v; return this; }
        public Builder meetingUrl(String v) { meetingUrl = v; return this; }
        public Builder meetingPhone(String v) { meetingPhone = v; return this; }
        public Builder facilitatorName(String v) { facilitatorName = v; return this; }
        public Builder facilitatorEmail(String v) { facilitatorEmail = v; return this; }
        public Builder notesForRegistrants(String v) { notesForRegistrants = v; return this; }
        public Builder facilitatorUsernames(List<String> v) { facilitatorUsernames = v == null ? List.of() : v; return this; }

        public MeetingDetailsItem build() {
            return new MeetingDetailsItem(id, address, meetingUrl, meetingPhone, facilitatorName, facilitatorEmail,
                    notesForRegistrants, facilitatorUsernames);
        }
    }
}
