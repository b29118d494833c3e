package org.peersupport.shared.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BilingualTest {
    static final Bilingual JOIN = new Bilingual("Join %s for up to %d days.", "Únase a %s hasta %d días.");

    @Test
    void spanishForSpanish_englishForAnythingElse() {
        assertEquals("Únase a %s hasta %d días.", JOIN.in("es"));
        assertEquals("Join %s for up to %d days.", JOIN.in("en"));
        assertEquals("Join %s for up to %d days.", JOIN.in("fr"));
        assertEquals("Join %s for up to %d days.", JOIN.in(null));
    }

    @Test
    void theValues_goInTheirPlaces_withoutTheLocalesDigits() {
        assertEquals("Únase a Grupo 1 200 hasta 1000 días.", JOIN.in("es", "Grupo 1 200", 1000));
        assertEquals("Join <b>% for up to 30 days.", JOIN.in("en", "<b>%", 30));
    }
}
