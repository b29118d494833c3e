package org.peersupport.withdrawsignup;

import org.peersupport.shared.http.Bilingual;

/** What the withdraw pages say, in English and Spanish. */
final class WithdrawTexts {
    static final Bilingual CONFIRM_TITLE = new Bilingual("Leave this group?", "¿Dejar este grupo?");
    static final Bilingual CONFIRM_TEXT = new Bilingual(
            "If you no longer want your place, you can withdraw your sign-up. We will delete the details you "
            + "gave us for this group, and you won't get any more emails about it.",
            "Si ya no desea su lugar, puede retirar su inscripción. Borraremos los datos que nos dio para este grupo "
            + "y no recibirá más correos sobre él.");
    static final Bilingual CONFIRM_KEEP = new Bilingual(
            "If you want to keep your place, just close this page. You are always welcome to sign up again.",
            "Si quiere conservar su lugar, simplemente cierre esta página. Siempre puede volver a inscribirse.");
    static final Bilingual CONFIRM_BUTTON = new Bilingual(
            "Withdraw and delete my details", "Retirarme y borrar mis datos");
    static final Bilingual DONE_TITLE = new Bilingual("You have left the group", "Ya no está inscrito en el grupo");
    static final Bilingual DONE_TEXT = new Bilingual(
            "We have deleted the details you gave us for this group. Thank you for letting us know. You are "
            + "welcome back any time.",
            "Hemos borrado los datos que nos dio para este grupo. Gracias por avisarnos. Puede volver cuando quiera.");
    // One answer for a used, an expired and an unknown link; nearly always it is a used one, opened again.
    static final Bilingual NOT_FOUND_TITLE = new Bilingual(
            "This link has been used already, or has ended", "Este enlace ya se usó o ya venció");
    static final Bilingual NOT_FOUND_TEXT = new Bilingual(
            "If you used it to leave a group, you have left it: we deleted the details you gave us for "
            + "that group, and there is nothing more to do. You are welcome back any time. If emails about a group "
            + "you want to leave still reach you, please contact its facilitator.",
            "Si lo usó para dejar un grupo, ya lo dejó: borramos los datos que nos dio para ese grupo y no tiene que "
            + "hacer nada más. Puede volver cuando quiera. Si todavía le llegan correos de un grupo que quiere dejar, "
            + "comuníquese con la persona que lo facilita.");
    static final Bilingual FAILED_TITLE = new Bilingual(
            "Something went wrong on our side", "Algo salió mal de nuestro lado");
    static final Bilingual FAILED_TEXT = new Bilingual("Nothing was changed. Please try again in a few minutes.",
            "No se cambió nada. Inténtelo de nuevo en unos minutos.");

    private WithdrawTexts() {
    }
}
