package org.peersupport.shared.store;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;

import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * A group's item in the Groups table: the public view, flattened, plus the sign-up rules. The
 * meeting details (address, link, facilitator) are in {@link MeetingDetailsItem}, another table.
 */
public record GroupItem(String id, String name, String program, String audience, String description,
                        List<String> languages, String format, String area, List<String> accessibility,
                        String timezone, String rrule, String startDate, String startTime, Integer durationMinutes,
                        List<String> exdates, String status, Boolean archived, Integer capacity,
                        Boolean requiresEmergencyContact, String updatedAt, String lastVerified) {

    private static final EnhancedType<List<String>> STRINGS = EnhancedType.listOf(String.class);

    /** Built once per container with the builder API: no bean introspection at start-up. */
    public static final TableSchema<GroupItem> SCHEMA =
            StaticImmutableTableSchema.builder(GroupItem.class, Builder.class)
                    .newItemBuilder(Builder::new, Builder::build)
                    .addAttribute(String.class, a -> a.name("id").getter(GroupItem::id).setter(Builder::id)
                            .tags(primaryPartitionKey()))
                    .addAttribute(String.class, a -> a.name("name").getter(GroupItem::name).setter(Builder::name))
                    .addAttribute(String.class, a -> a.name("program").getter(GroupItem::program).setter(Builder::program))
                    .addAttribute(String.class, a -> a.name("audience").getter(GroupItem::audience).setter(Builder::audience))
                    .addAttribute(String.class, a -> a.name("description").getter(GroupItem::description)
                            .setter(Builder::description))
                    .addAttribute(STRINGS, a -> a.name("languages").getter(GroupItem::languages).setter(Builder::languages))
                    .addAttribute(String.class, a -> a.name("format").getter(GroupItem::format).setter(Builder::format))
                    .addAttribute(String.class, a -> a.name("area").getter(GroupItem::area).setter(Builder::area))
                    .addAttribute(STRINGS, a -> a.name("accessibility").getter(GroupItem::accessibility)
                            .setter(Builder::accessibility))
                    .addAttribute(String.class, a -> a.name("timezone").getter(GroupItem::timezone).setter(Builder::timezone))
                    .addAttribute(String.class, a -> a.name("rrule").getter(GroupItem::rrule).setter(Builder::rrule))
                    .addAttribute(String.class, a -> a.name("startDate").getter(GroupItem::startDate).setter(Builder::startDate))
                    .addAttribute(String.class, a -> a.name("startTime").getter(GroupItem::startTime).setter(Builder::startTime))
                    .addAttribute(Integer.class, a -> a.name("durationMinutes").getter(GroupItem::durationMinutes)
                            .setter(Builder::durationMinutes))
                    .addAttribute(STRINGS, a -> a.name("exdates").getter(GroupItem::exdates).setter(Builder::exdates))
                    .addAttribute(String.class, a -> a.name("status").getter(GroupItem::status).setter(Builder::status))
                    .addAttribute(Boolean.class, a -> a.name("archived").getter(GroupItem::archived).setter(Builder::archived))
                    .addAttribute(Integer.class, a -> a.name("capacity").getter(GroupItem::capacity).setter(Builder::capacity))
                    .addAttribute(Boolean.class, a -> a.name("requiresEmergencyContact")
                            .getter(GroupItem::requiresEmergencyContact).setter(Builder::requiresEmergencyContact))
                    .addAttribute(String.class, a -> a.name("updatedAt").getter(GroupItem::updatedAt).setter(Builder::updatedAt))
                    .addAttribute(String.class, a -> a.name("lastVerified").getter(GroupItem::lastVerified)
                            .setter(Builder::lastVerified))
                    .build();

    public static Builder builder() {
        return new Builder();
    }

    /** The mutable side the schema fills while reading an item. */
    public static final class Builder {
        private String id;
        private String name;
        private String program;
        private String audience;
        private String description;
        private List<String> languages = List.of();
        private String format;
        private String area;
        private List<String> accessibility = List.of();
        private String timezone;
        private String rrule;
        private String startDate;
        private String startTime;
        private Integer durationMinutes;
        private List<String> exdates = List.of();
        private String status;
        private Boolean archived;
        private Integer capacity;
        private Boolean requiresEmergencyContact;
        private String updatedAt;
        private String lastVerified;

        public Builder id(String v) { id = v; return this; }
        public Builder name(String v) { name = v; return this; }
        public Builder program(String v) { program = v; return this; }
        public Builder audience(String v) { audience = v; return this; }
        public Builder description(String v) { description = v; return this; }
        public Builder languages(List<String> v) { languages = v == null ? List.of() : v; return this; }
        public Builder format(String v) { format = v; return this; }
        public Builder area(String v) { area = v; return this; }
        public Builder accessibility(List<String> v) { accessibility = v == null ? List.of() : v; return this; }
        public Builder timezone(String v) { timezone = v; return this; }
        public Builder rrule(String v) { rrule = v; return this; }
        public Builder startDate(String v) { startDate = v; return this; }
        public Builder startTime(String v) { startTime = v; return this; }
        public Builder durationMinutes(Integer v) { durationMinutes = v; return this; }
        public Builder exdates(List<String> v) { exdates = v == null ? List.of() : v; return this; }
        public Builder status(String v) { status = v; return this; }
        public Builder archived(Boolean v) { archived = v; return this; }
        public Builder capacity(Integer v) { capacity = v; return this; }
        public Builder requiresEmergencyContact(Boolean v) { requiresEmergencyContact = v; return this; }
        public Builder updatedAt(String v) { updatedAt = v; return this; }
        public Builder lastVerified(String v) { lastVerified = v; return this; }

        public GroupItem build() {
            return new GroupItem(id, name, program, audience, description, languages, format, area, accessibility,
                    timezone, rrule, startDate, startTime, durationMinutes, exdates, status, archived, capacity,
                    requiresEmergencyContact, updatedAt, lastVerified);
        }
    }
}
