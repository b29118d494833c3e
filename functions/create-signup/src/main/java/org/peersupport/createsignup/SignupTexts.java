package org.peersupport.createsignup;

import org.peersupport.shared.http.Bilingual;

/** Everything a person reads from this function, in English and Spanish. None of it quotes input. */
final class SignupTexts {
    static final Bilingual CHECK_FIELDS = new Bilingual(
            "Please check the highlighted fields.", "Revise los campos señalados.");
    static final Bilingual UNKNOWN_FIELDS = new Bilingual(
            "This sign-up accepts only these fields: firstName, email, phone, forWhom, language, consent, "
            + "emergencyContactName, emergencyContactPhone and website.",
            "Esta inscripción solo acepta estos campos: firstName, email, phone, forWhom, language, consent, "
            + "emergencyContactName, emergencyContactPhone y website.");
    static final Bilingual MALFORMED = new Bilingual(
            "We couldn't read that. Please send the sign-up as JSON or as a standard web form.",
            "No pudimos leer eso. Envíe la inscripción como JSON o como un formulario web normal.");

    static final Bilingual FIRST_NAME = new Bilingual("Enter your first name or a nickname, up to 50 characters.",
            "Escriba su nombre o un apodo, de hasta 50 caracteres.");
    static final Bilingual EMAIL = new Bilingual("Enter one email address, like name@example.com.",
            "Escriba una sola dirección de correo electrónico, como nombre@ejemplo.com.");
    static final Bilingual EMAIL_NOT_DELIVERABLE = new Bilingual(
            "We can't send email to an address with accents or other special letters before the @. "
            + "Please use another address.",
            "No podemos enviar correo a una dirección con acentos u otras letras especiales antes de la @. "
            + "Use otra dirección.");
    static final Bilingual PHONE = new Bilingual(
            "Enter a phone number with its area code, like 719 555 0123, or in international format starting with +.",
            "Escriba un número de teléfono con su código de área, como 719 555 0123, o en formato internacional "
            + "empezando con +.");
    static final Bilingual FOR_WHOM = new Bilingual(
            "Choose whether you are signing up for yourself or as a family member or friend.",
            "Indique si se inscribe para usted o como familiar o amigo.");
    static final Bilingual LANGUAGE = new Bilingual("Choose English or Spanish.", "Elija inglés o español.");
    static final Bilingual CONSENT = new Bilingual(
            "Please confirm that we may keep your details to contact you about this group.",
            "Confirme que podemos guardar sus datos para comunicarnos con usted sobre este grupo.");
    static final Bilingual EMERGENCY_NAME = new Bilingual(
            "Enter the name of someone we can contact in an emergency, up to 100 characters.",
            "Escriba el nombre de alguien a quien podamos llamar en una emergencia, de hasta 100 caracteres.");
    static final Bilingual EMERGENCY_PHONE = new Bilingual(
            "Enter your emergency contact's phone number with its area code, or in international format.",
            "Escriba el teléfono de su contacto de emergencia con su código de área, o en formato internacional.");

    static final Bilingual LABEL_FIRST_NAME = new Bilingual("First name or nickname", "Nombre o apodo");
    static final Bilingual LABEL_EMAIL = new Bilingual("Email address", "Correo electrónico");
    static final Bilingual LABEL_PHONE = new Bilingual("Phone number (optional)", "Teléfono (opcional)");
    static final Bilingual LABEL_FOR_WHOM = new Bilingual(
            "Who is this sign-up for?", "¿Para quién es esta inscripción?");
    static final Bilingual LABEL_SELF = new Bilingual("Myself", "Para mí");
    static final Bilingual LABEL_LOVED_ONE = new Bilingual("I'm a family member or friend", "Soy familiar o amigo");
    static final Bilingual LABEL_LANGUAGE = new Bilingual("Preferred language", "Idioma preferido");
    static final Bilingual LABEL_CONSENT = new Bilingual(
            "I agree that %s may keep these details for up to %d days to contact me about this group.",
            "Acepto que %s guarde estos datos hasta %d días para comunicarse conmigo sobre este grupo.");
    static final Bilingual LABEL_EMERGENCY_NAME = new Bilingual(
            "Emergency contact's name", "Nombre del contacto de emergencia");
    static final Bilingual LABEL_EMERGENCY_PHONE = new Bilingual(
            "Emergency contact's phone number", "Teléfono del contacto de emergencia");
    static final Bilingual LABEL_HONEYPOT = new Bilingual("Leave this field empty", "Deje este campo vacío");
    static final Bilingual BUTTON_SIGN_UP = new Bilingual("Sign up", "Inscribirme");

    static final Bilingual PAGE_INVALID_TITLE = new Bilingual("Please check your sign-up", "Revise su inscripción");
    static final Bilingual PAGE_INVALID_SUMMARY = new Bilingual("Please correct the following", "Corrija lo siguiente");
    static final Bilingual PAGE_INVALID_GROUP = new Bilingual("Group: %s", "Grupo: %s");
    static final Bilingual PAGE_INVALID_PRIVACY = new Bilingual(
            "To protect your privacy, we don't show what you typed. Your browser's Back button usually "
            + "returns to the form with your answers, or you can fill in the form again below.",
            "Para proteger su privacidad, no mostramos lo que escribió. El botón Atrás de su navegador suele volver "
            + "al formulario con sus respuestas, o puede llenar el formulario otra vez aquí abajo.");
    static final Bilingual PAGE_MALFORMED_ITEM = new Bilingual(
            "Please fill in the form again.", "Vuelva a llenar el formulario.");
    static final Bilingual PAGE_NOT_FOUND_TITLE = new Bilingual(
            "We couldn't find that group", "No encontramos ese grupo");
    static final Bilingual PAGE_NOT_FOUND_TEXT = new Bilingual(
            "It may have ended or moved. Please go back and choose another group.",
            "Puede que haya terminado o cambiado. Vuelva atrás y elija otro grupo.");
    static final Bilingual PAGE_CLOSED_TITLE = new Bilingual(
            "This group isn't taking sign-ups right now", "Este grupo no está aceptando inscripciones por ahora");
    static final Bilingual PAGE_CLOSED_TEXT = new Bilingual("Please choose another group or check back soon.",
            "Elija otro grupo o vuelva a consultar pronto.");
    static final Bilingual PAGE_TOO_LARGE_TITLE = new Bilingual(
            "That was more than we can accept", "Eso es más de lo que podemos recibir");
    static final Bilingual PAGE_TOO_LARGE_TEXT = new Bilingual(
            "Please shorten your answers and try again.", "Acorte sus respuestas e inténtelo de nuevo.");
    static final Bilingual PAGE_RATE_LIMITED_TITLE = new Bilingual("Please try again later", "Inténtelo más tarde");
    static final Bilingual PAGE_RATE_LIMITED_TEXT = new Bilingual(
            "Too many sign-ups have come from this network in the last hour. Please try again in a "
            + "little while.",
            "Llegaron demasiadas inscripciones desde esta red en la última hora. Inténtelo de nuevo dentro de un rato.");
    static final Bilingual RATE_LIMITED = new Bilingual(
            "Too many sign-ups have come from this network in the last hour. Please try again later.",
            "Llegaron demasiadas inscripciones desde esta red en la última hora. Inténtelo más tarde.");
    static final Bilingual PAGE_FAILED_TITLE = new Bilingual(
            "Something went wrong on our side", "Algo salió mal de nuestro lado");
    static final Bilingual PAGE_FAILED_TEXT = new Bilingual(
            "Your sign-up may not have been saved. Please try again in a few minutes. If it was saved, "
            + "trying again will not sign you up twice.",
            "Es posible que su inscripción no se haya guardado. Inténtelo de nuevo en unos minutos. Si se guardó, "
            + "intentarlo otra vez no lo inscribirá dos veces.");

    private SignupTexts() {
    }
}
