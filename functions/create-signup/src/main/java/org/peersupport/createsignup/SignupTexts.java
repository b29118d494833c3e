package org.peersupport.createsignup;

import org.peersupport.shared.http.Languages;

/** Everything a person reads from this function, in English and Spanish. None of it quotes input. */
enum SignupTexts {
    CHECK_FIELDS("Please check the highlighted fields.", "Revise los campos señalados."),
    UNKNOWN_FIELDS("This sign-up accepts only these fields: firstName, email, phone, forWhom, language, consent, "
            + "emergencyContactName, emergencyContactPhone and website.",
            "Esta inscripción solo acepta estos campos: firstName, email, phone, forWhom, language, consent, "
            + "emergencyContactName, emergencyContactPhone y website."),
    MALFORMED("We couldn't read that. Please send the sign-up as JSON or as a standard web form.",
            "No pudimos leer eso. Envíe la inscripción como JSON o como un formulario web normal."),

    FIRST_NAME("Enter your first name or a nickname, up to 50 characters.",
            "Escriba su nombre o un apodo, de hasta 50 caracteres."),
    EMAIL("Enter one email address, like name@example.com.",
            "Escriba una sola dirección de correo electrónico, como nombre@ejemplo.com."),
    EMAIL_NOT_DELIVERABLE("We can't send email to an address with accents or other special letters before the @. "
            + "Please use another address.",
            "No podemos enviar correo a una dirección con acentos u otras letras especiales antes de la @. "
            + "Use otra dirección."),
    PHONE("Enter a phone number with its area code, like 719 555 0123, or in international format starting with +.",
            "Escriba un número de teléfono con su código de área, como 719 555 0123, o en formato internacional "
            + "empezando con +."),
    FOR_WHOM("Choose whether you are signing up for yourself or as a family member or friend.",
            "Indique si se inscribe para usted o como familiar o amigo."),
    LANGUAGE("Choose English or Spanish.", "Elija inglés o español."),
    CONSENT("Please confirm that we may keep your details to contact you about this group.",
            "Confirme que podemos guardar sus datos para comunicarnos con usted sobre este grupo."),
    EMERGENCY_NAME("Enter the name of someone we can contact in an emergency, up to 100 characters.",
            "Escriba el nombre de alguien a quien podamos llamar en una emergencia, de hasta 100 caracteres."),
    EMERGENCY_PHONE("Enter your emergency contact's phone number with its area code, or in international format.",
            "Escriba el teléfono de su contacto de emergencia con su código de área, o en formato internacional."),

    LABEL_FIRST_NAME("First name or nickname", "Nombre o apodo"),
    LABEL_EMAIL("Email address", "Correo electrónico"),
    LABEL_PHONE("Phone number (optional)", "Teléfono (opcional)"),
    LABEL_FOR_WHOM("Who is this sign-up for?", "¿Para quién es esta inscripción?"),
    LABEL_SELF("Myself", "Para mí"),
    LABEL_LOVED_ONE("I'm a family member or friend", "Soy familiar o amigo"),
    LABEL_LANGUAGE("Preferred language", "Idioma preferido"),
    LABEL_CONSENT("I agree that %s may keep these details for up to %d days to contact me about this group.",
            "Acepto que %s guarde estos datos hasta %d días para comunicarse conmigo sobre este grupo."),
    LABEL_EMERGENCY_NAME("Emergency contact's name", "Nombre del contacto de emergencia"),
    LABEL_EMERGENCY_PHONE("Emergency contact's phone number", "Teléfono del contacto de emergencia"),
    LABEL_HONEYPOT("Leave this field empty", "Deje este campo vacío"),
    BUTTON_SIGN_UP("Sign up", "Inscribirme"),

    PAGE_INVALID_TITLE("Please check your sign-up", "Revise su inscripción"),
    PAGE_INVALID_SUMMARY("Please correct the following", "Corrija lo siguiente"),
    PAGE_INVALID_GROUP("Group: %s", "Grupo: %s"),
    PAGE_INVALID_PRIVACY("To protect your privacy, we don't show what you typed. Your browser's Back button usually "
            + "returns to the form with your answers, or you can fill in the form again below.",
            "Para proteger su privacidad, no mostramos lo que escribió. El botón Atrás de su navegador suele volver "
            + "al formulario con sus respuestas, o puede llenar el formulario otra vez aquí abajo."),
    PAGE_MALFORMED_ITEM("Please fill in the form again.", "Vuelva a llenar el formulario."),
    PAGE_NOT_FOUND_TITLE("We couldn't find that group", "No encontramos ese grupo"),
    PAGE_NOT_FOUND_TEXT("It may have ended or moved. Please go back and choose another group.",
            "Puede que haya terminado o cambiado. Vuelva atrás y elija otro grupo."),
    PAGE_CLOSED_TITLE("This group isn't taking sign-ups right now", "Este grupo no está aceptando inscripciones por ahora"),
    PAGE_CLOSED_TEXT("Please choose another group or check back soon.",
            "Elija otro grupo o vuelva a consultar pronto."),
    PAGE_TOO_LARGE_TITLE("That was more than we can accept", "Eso es más de lo que podemos recibir"),
    PAGE_TOO_LARGE_TEXT("Please shorten your answers and try again.", "Acorte sus respuestas e inténtelo de nuevo."),
    PAGE_RATE_LIMITED_TITLE("Please try again later", "Inténtelo más tarde"),
    PAGE_RATE_LIMITED_TEXT("Too many sign-ups have come from this network in the last hour. Please try again in a "
            + "little while.",
            "Llegaron demasiadas inscripciones desde esta red en la última hora. Inténtelo de nuevo dentro de un rato."),
    RATE_LIMITED("Too many sign-ups have come from this network in the last hour. Please try again later.",
            "Llegaron demasiadas inscripciones desde esta red en la última hora. Inténtelo más tarde."),
    PAGE_FAILED_TITLE("Something went wrong on our side", "Algo salió mal de nuestro lado"),
    PAGE_FAILED_TEXT("Your sign-up may not have been saved. Please try again in a few minutes. If it was saved, "
            + "trying again will not sign you up twice.",
            "Es posible que su inscripción no se haya guardado. Inténtelo de nuevo en unos minutos. Si se guardó, "
            + "intentarlo otra vez no lo inscribirá dos veces.");

    private final String english;
    private final String spanish;

    SignupTexts(String english, String spanish) {
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
