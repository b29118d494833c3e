package org.peersupport.confirmsignup;

import org.peersupport.shared.http.Languages;

/** What the confirm pages say, in English and Spanish. None of it quotes input. */
enum ConfirmTexts {
    CONFIRM_TITLE("Confirm your sign-up", "Confirme su inscripción"),
    CONFIRM_TEXT("Please confirm that you would like to join %s.", "Confirme que desea unirse a %s."),
    CONFIRM_BUTTON("Yes, sign me up", "Sí, inscribirme"),
    CONFIRM_IGNORE("If you did not ask to join, just close this page. Nothing more will happen, and the details "
            + "you were signed up with will be deleted within three days.",
            "Si usted no pidió inscribirse, simplemente cierre esta página. No pasará nada más y los datos con los que "
            + "se hizo la inscripción se borrarán en un plazo de tres días."),
    OTHER_LANGUAGE("Leer en español", "Read in English"),
    CONFIRMED_TITLE("You are signed up", "Su inscripción está confirmada"),
    CONFIRMED_TEXT("Your place in %s is confirmed. We are emailing you the meeting details now.",
            "Su lugar en %s está confirmado. Le estamos enviando por correo los detalles de la reunión."),
    WAITLISTED_TITLE("You are on the waiting list", "Está en la lista de espera"),
    WAITLISTED_TEXT("%s is full at the moment, so you are on its waiting list. We are emailing you its schedule now, "
            + "and where and how to join as soon as a place opens for you.",
            "%s está completo en este momento, así que usted está en su lista de espera. Le estamos enviando su "
            + "horario por correo, y le enviaremos dónde y cómo participar en cuanto haya un lugar para usted."),
    NOT_FOUND_TITLE("This link can't be used", "Este enlace ya no se puede usar"),
    NOT_FOUND_TEXT("It may have expired: confirm links work for three days. You are welcome to sign up again on our "
            + "website.",
            "Puede que haya vencido: los enlaces de confirmación funcionan durante tres días. Puede volver a "
            + "inscribirse en nuestro sitio web."),
    CLOSED_TITLE("This group isn't taking sign-ups right now", "Este grupo no está aceptando inscripciones por ahora"),
    CLOSED_TEXT("Nothing was changed. Please choose another group on our website, or check back soon.",
            "No se cambió nada. Elija otro grupo en nuestro sitio web o vuelva a consultar pronto."),
    FAILED_TITLE("Something went wrong on our side", "Algo salió mal de nuestro lado"),
    FAILED_TEXT("Your sign-up may not have been confirmed. Please try the link again in a few minutes.",
            "Es posible que su inscripción no se haya confirmado. Vuelva a usar el enlace en unos minutos.");

    private final String english;
    private final String spanish;

    ConfirmTexts(String english, String spanish) {
        this.english = english;
        this.spanish = spanish;
    }

    String in(String language) {
        return Languages.SPANISH.equals(language) ? spanish : english;
    }

    String in(String language, Object... args) {
        return String.format(java.util.Locale.ROOT, in(language), args);
    }
}
