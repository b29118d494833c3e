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
    NOT_FOUND_TITLE("This link can't be used", "Este enlace ya no se puede usar"),
    NOT_FOUND_TEXT("It may have been used already, or it may have expired. If you still want to leave a group, "
            + "please contact its facilitator.",
            "Puede que ya se haya usado o que haya vencido. Si todavía quiere dejar un grupo, comuníquese con la "
            + "persona que lo facilita."),
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
