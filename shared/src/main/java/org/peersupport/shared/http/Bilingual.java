package org.peersupport.shared.http;

import java.util.Locale;

/**
 * One thing a person reads, in English and Spanish, the two languages the pages, emails and
 * messages are written in: the functions' tables of texts are made of these.
 */
public record Bilingual(String english, String spanish) {
    /** The text in {@code language}: Spanish for {@link Languages#SPANISH}, English for anything else. */
    public String in(String language) {
        return Languages.SPANISH.equals(language) ? spanish : english;
    }

    /** The text in {@code language} with {@code args} put in its {@code %s} and {@code %d} places. */
    public String in(String language, Object... args) {
        return String.format(Locale.ROOT, in(language), args);
    }
}
