package org.peersupport.withdrawsignup;

import org.peersupport.shared.http.Languages;

/** What the withdraw pages say, in English and Spanish. */
enum WithdrawTexts {
    CONFIRM_TITLE("Leave this group?", "¿Dejar este grupo?"),
    CONFIRM_TEXT("If you no longer want your place, you can withdraw your sign-up. We will delete the details you "
            + "gave us for this group, and you won't get any more emails about it.",
            "Si ya no desea su lugar, puede retirar su inscripción. Borraremos los datos que nos dio para este grupo "
            + "y no recibirá más correos sobre él."),
    CONFIRM_KEEP("If you want to keep your place, just close this page. You are always welcome to sign up again.",
            "Si quiere conservar su lugar, simplemente cierre esta página. Siempre puede volver a inscribirse."),
    CONFIRM_BUTTON("Withdraw and delete my details", "Retirarme y borrar mis datos"),
    OTHER_LANGUAGE("Leer en español", "Read in English"),
    DONE_TITLE("You have left the group", "Ya no está inscrito en el grupo"),
    DONE_TEXT("We have deleted the details you gave us for this group. Thank you for letting us know. You are "
            + "welcome back any time.",
            "Hemos borrado los datos que nos dio para este grupo. Gracias por avisarnos. Puede volver cuando quiera."),
    // One answer for a used, an expired and an unknown link; nearly always it is a used one, opened again.
    NOT_FOUND_TITLE("This link has been used already, or has ended", "Este enlace ya se usó o ya venció"),
    NOT_FOUND_TEXT("If you used it to leave a group, you have left it: we deleted the details you gave us for "
            + "that group, and there is nothing more to do. You are welcome back any time. If emails about a group "
            + "you want to leave still reach you, please contact its facilitator.",
            "Si lo usó para dejar un grupo, ya lo dejó: borramos los datos que nos dio para ese grupo y no tiene que "
            + "hacer nada más. Puede volver cuando quiera. Si todavía le llegan correos de un grupo que quiere dejar, "
            + "comuníquese con la persona que lo facilita."),
    FAILED_TITLE("Something went wrong on our side", "Algo salió mal de nuestro lado"),
    FAILED_TEXT("Nothing was changed. Please try again in a few minutes.",
            "No se cambió nada. Inténtelo de nuevo en unos minutos.");

    private final String english;
    private final String spanish;

    WithdrawTexts(String english, String spanish) {
        this.english = english;
        this.spanish = spanish;
    }

    String in(String language) {
        return Languages.SPANISH.equals(language) ? spanish : english;
    }
}
