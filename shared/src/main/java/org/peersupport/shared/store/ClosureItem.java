package org.peersupport.shared.store;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;

import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * An organisation-wide closure (a holiday): no group meets on {@code date}, a {@code YYYY-MM-DD}
 * date in the organisation's time zone. {@code name} is an optional public label ("Thanksgiving").
 */
public record ClosureItem(String date, String name, String updatedAt) {

    public static final TableSchema<ClosureItem> SCHEMA =
            StaticImmutableTableSchema.builder(ClosureItem.class, Builder.class)
                    .newItemBuilder(Builder::new, Builder::build)
                    .addAttribute(String.class, a -> a.name("date").getter(ClosureItem::date).setter(Builder::date)
                            .tags(primaryPartitionKey()))
                    .addAttribute(String.class, a -> a.name("name").getter(ClosureItem::name).setter(Builder::name))
                    .addAttribute(String.class, a -> a.name("updatedAt").getter(ClosureItem::updatedAt)
                            .setter(Builder::updatedAt))
                    .build();

    public static final class Builder {
        private String date;
        private String name;
        private String updatedAt;

        public Builder date(String v) { date = v; return this; }
        public Builder name(String v) { name = v; return this; }
        public Builder updatedAt(String v) { updatedAt = v; return this; }

        public ClosureItem build() {
            return new ClosureItem(date, name, updatedAt);
        }
    }
}
