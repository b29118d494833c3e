package org.peersupport.confirmsignup;

import org.peersupport.shared.http.Bilingual;

/** What the confirm pages say, in English and Spanish. None of it quotes input. */
final class ConfirmTexts {
    static final Bilingual CONFIRM_TITLE = new Bilingual("Confirm your sign-up", "Confirme su inscripción");
    static final Bilingual CONFIRM_TEXT = new Bilingual(
            "Please confirm that you would like to join %s.", "Confirme que desea unirse a %s.");
    static final Bilingual CONFIRM_BUTTON = new Bilingual("Yes, sign me up", "Sí, inscribirme");
    static final Bilingual CONFIRM_IGNORE = new Bilingual(
            "If you did not ask to join, just close this page. Nothing more will happen, and the details "
            + "you were signed up with will be deleted within three days.",
            "Si usted no pidió inscribirse, simplemente cierre esta página. No pasará nada más y los datos con los que "
            + "se hizo la inscripción se borrarán en un plazo de tres días.");
    static final Bilingual CONFIRMED_TITLE = new Bilingual("You are signed up", "Su inscripción está confirmada");
    static final Bilingual CONFIRMED_TEXT = new Bilingual(
            "Your place in %s is confirmed. We are emailing you the meeting details now.",
            "Su lugar en %s está confirmado. Le estamos enviando por correo los detalles de la reunión.");
    static final Bilingual WAITLISTED_TITLE = new Bilingual(
            "You are on the waiting list", "Está en la lista de espera");
    static final Bilingual WAITLISTED_TEXT = new Bilingual(
            "%s is full at the moment, so you are on its waiting list. We are emailing you its schedule now, "
            + "and where and how to join as soon as a place opens for you.",
            "%s está completo en este momento, así que usted está en su lista de espera. Le estamos enviando su "
            + "horario por correo, y le enviaremos dónde y cómo participar en cuanto haya un lugar para usted.");
    static final Bilingual NOT_FOUND_TITLE = new Bilingual(
            "This link can't be used", "Este enlace ya no se puede usar");
    static final Bilingual NOT_FOUND_TEXT = new Bilingual(
            "It may have expired: confirm links work for three days. You are welcome to sign up again on our "
            + "website.",
            "Puede que haya vencido: los enlaces de confirmación funcionan durante tres días. Puede volver a "
            + "inscribirse en nuestro sitio web.");
    static final Bilingual CLOSED_TITLE = new Bilingual(
            "This group isn't taking sign-ups right now", "Este grupo no está aceptando inscripciones por ahora");
    static final Bilingual CLOSED_TEXT = new Bilingual(
            "Nothing was changed. Please choose another group on our website, or check back soon.",
            "No se cambió nada. Elija otro grupo en nuestro sitio web o vuelva a consultar pronto.");
    static final Bilingual FAILED_TITLE = new Bilingual(
            "Something went wrong on our side", "Algo salió mal de nuestro lado");
    static final Bilingual FAILED_TEXT = new Bilingual(
            "Your sign-up may not have been confirmed. Please try the link again in a few minutes.",
            "Es posible que su inscripción no se haya confirmado. Vuelva a usar el enlace en unos minutos.");

    private ConfirmTexts() {
    }
}
