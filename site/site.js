/*
 * Example website script: the group finder, the sign-up form's enhancements, and English/Spanish.
 * Plain JavaScript, no libraries, nothing loaded from elsewhere. Everything it does is an
 * enhancement: the sign-up form posts by itself when this script does not run.
 */
(function () {
  "use strict";

  var TEXT = {
    en: {
      skip: "Skip to the group finder", skipForm: "Skip to the sign-up form", thisOrg: "this organisation",
      title: "Find a peer support group", thanksTitle: "Thank you: please check your email",
      thanksGroup: "You asked to join", thanksCalendar: "Add its meetings to my calendar (the entries show only our name)",
      lead: "Free, confidential groups led by people who have been there, for people living with a mental health condition and for their families. No referral needed.",
      finderHeading: "Groups and when they meet", refine: "Choose who, how, language, day or area", audience: "Who is it for?", any: "Any",
      "audience.self": "Me (I live with a mental health condition)", "audience.family": "Family and friends",
      format: "How do you want to meet?", "format.in_person": "In person", "format.online": "Online",
      language: "Language", day: "Day", area: "Area or neighborhood", search: "Show groups",
      "day.MO": "Monday", "day.TU": "Tuesday", "day.WE": "Wednesday", "day.TH": "Thursday", "day.FR": "Friday",
      "day.SA": "Saturday", "day.SU": "Sunday",
      loading: "Looking for groups…", found1: "1 group found.", foundN: "{n} groups found.",
      none: "No groups match these choices.", onlineInstead: "You could meet online instead. The soonest online group for you:",
      callUs: "Or call us at {phone} and we will help you find a group.", fewerFilters: "Or try fewer choices.",
      loadFailed: "We could not load the groups just now. Please try again in a minute.",
      for_self: "For people living with a mental health condition", for_family: "For family and friends",
      for_both: "For people living with a condition and their families",
      fmt_in_person: "In person", fmt_online: "Online", fmt_hybrid: "In person and online",
      nextMeetings: "Next meetings", noMeetings: "No upcoming meetings are scheduled.", today: "Today", tomorrow: "Tomorrow", thisWeek: "This week",
      checked: "Listing checked on {date}.",
      addToCalendar: "Add to my calendar", signUp: "Sign up", joinWaitlist: "Join the waiting list", full: "This group is full: you can join the waiting list.",
      paused: "This group is not taking sign-ups right now.",
      signupHeading: "Sign up for", signupHeadingPlain: "Sign up",
      factNext: "Next meeting: {when}", factNone: "No meetings are scheduled yet: we will email you when there are.",
      factFree: "Free, confidential, and no referral needed.",
      phoneHint: "Only if you would like the facilitator to be able to call or text you, for example if a meeting moves at short notice.",
      emergencyWhy: "Someone the facilitator could call if you became unwell during a meeting, and only then. It is deleted with your sign-up.",
      signupIntro: "Tell us how to reach you. We will email you a link to confirm, then the meeting details. Only the group's facilitator and our staff see what you write here.",
      errorSummary: "Please check the following", firstName: "First name or nickname", email: "Email address",
      phone: "Phone number", optional: "(optional)", forWhom: "Who are you signing up for?", "forWhom.self": "Myself",
      "forWhom.loved_one": "I am a family member or friend", emailLanguage: "Language for our emails",
      asksEmergency: "Asks for an emergency contact when you sign up",
      emergency: "Emergency contact (this group asks for one)", emergencyName: "Name", emergencyPhone: "Phone number",
      consent: "I agree that {org} may keep these details to contact me about this group. I can withdraw at any time with the link in the emails.",
      submit: "Send my sign-up", sending: "Sending…",
      "err.firstName": "Enter your first name or a nickname.", "err.email": "Enter an email address, like name@example.com.",
      "err.phone": "Enter a phone number, or leave it empty.", "err.forWhom": "Choose who you are signing up for.",
      "err.consent": "Tick the box to agree, so that we can contact you.",
      "err.emergencyContactName": "Enter the name of an emergency contact.",
      "err.emergencyContactPhone": "Enter your emergency contact's phone number.",
      "err.generic": "Please check this field.",
      "err.closed": "This group is not taking sign-ups right now. Please choose another group.",
      "err.gone": "This group is no longer listed. Please choose another group.",
      "err.server": "Something went wrong on our side. Please try again in a few minutes.",
      crisisLead: "In crisis?", crisisCall: "Call", crisisOr: "or", crisisText: "text", crisisTail: "988, any time.", footer: "Our groups are not a substitute for professional care.",
      toggle: "Español", toggleLang: "es"
    },
    es: {
      skip: "Ir al buscador de grupos", skipForm: "Ir al formulario de inscripción", thisOrg: "esta organización",
      title: "Encuentre un grupo de apoyo entre pares", thanksTitle: "Gracias: revise su correo electrónico",
      thanksGroup: "Pidió unirse a", thanksCalendar: "Agregar sus reuniones a mi calendario (solo muestran nuestro nombre)",
      lead: "Grupos gratuitos y confidenciales, dirigidos por personas con experiencia propia, para personas que viven con una condición de salud mental y para sus familias. No se necesita referencia.",
      finderHeading: "Grupos y cuándo se reúnen", refine: "Elegir para quién, cómo, idioma, día o zona", audience: "¿Para quién es?", any: "Cualquiera",
      "audience.self": "Para mí (vivo con una condición de salud mental)", "audience.family": "Familiares y amigos",
      format: "¿Cómo quiere reunirse?", "format.in_person": "En persona", "format.online": "Por internet",
      language: "Idioma", day: "Día", area: "Zona o barrio", search: "Mostrar grupos",
      "day.MO": "Lunes", "day.TU": "Martes", "day.WE": "Miércoles", "day.TH": "Jueves", "day.FR": "Viernes",
      "day.SA": "Sábado", "day.SU": "Domingo",
      loading: "Buscando grupos…", found1: "Se encontró 1 grupo.", foundN: "Se encontraron {n} grupos.",
      none: "Ningún grupo coincide con lo que eligió.", onlineInstead: "Puede reunirse por internet. El grupo por internet más próximo para usted:",
      callUs: "O llámenos al {phone} y le ayudamos a encontrar un grupo.", fewerFilters: "O pruebe con menos opciones.",
      loadFailed: "No pudimos cargar los grupos en este momento. Inténtelo de nuevo en un minuto.",
      for_self: "Para personas que viven con una condición de salud mental", for_family: "Para familiares y amigos",
      for_both: "Para personas que viven con una condición y sus familias",
      fmt_in_person: "En persona", fmt_online: "Por internet", fmt_hybrid: "En persona y por internet",
      nextMeetings: "Próximas reuniones", noMeetings: "No hay reuniones programadas.", today: "Hoy", tomorrow: "Mañana", thisWeek: "Esta semana",
      checked: "Información revisada el {date}.",
      addToCalendar: "Agregar a mi calendario", signUp: "Inscribirme", joinWaitlist: "Anotarme en la lista de espera", full: "Este grupo está lleno: puede anotarse en la lista de espera.",
      paused: "Este grupo no acepta inscripciones en este momento.",
      signupHeading: "Inscripción en", signupHeadingPlain: "Inscripción",
      factNext: "Próxima reunión: {when}", factNone: "Todavía no hay reuniones programadas: le escribiremos cuando las haya.",
      factFree: "Gratis, confidencial y sin necesidad de referencia.",
      phoneHint: "Solo si quiere que quien facilita el grupo pueda llamarle o escribirle, por ejemplo si una reunión cambia a último momento.",
      emergencyWhy: "Alguien a quien quien facilita el grupo podría llamar si usted se sintiera mal durante una reunión, y solo entonces. Se borra con su inscripción.",
      signupIntro: "Díganos cómo comunicarnos con usted. Le enviaremos por correo un enlace para confirmar y luego los detalles de la reunión. Solo quien facilita el grupo y nuestro personal ven lo que escriba aquí.",
      errorSummary: "Revise lo siguiente", firstName: "Nombre o apodo", email: "Correo electrónico",
      phone: "Teléfono", optional: "(opcional)", forWhom: "¿Para quién es la inscripción?", "forWhom.self": "Para mí",
      "forWhom.loved_one": "Soy familiar o amigo/a", emailLanguage: "Idioma de nuestros correos",
      asksEmergency: "Pide un contacto de emergencia al inscribirse",
      emergency: "Contacto de emergencia (este grupo lo pide)", emergencyName: "Nombre", emergencyPhone: "Teléfono",
      consent: "Acepto que {org} guarde estos datos para comunicarse conmigo sobre este grupo. Puedo cancelar cuando quiera con el enlace de los correos.",
      submit: "Enviar mi inscripción", sending: "Enviando…",
      "err.firstName": "Escriba su nombre o un apodo.", "err.email": "Escriba un correo electrónico, como nombre@ejemplo.com.",
      "err.phone": "Escriba un número de teléfono, o déjelo vacío.", "err.forWhom": "Elija para quién es la inscripción.",
      "err.consent": "Marque la casilla para aceptar, así podemos comunicarnos con usted.",
      "err.emergencyContactName": "Escriba el nombre de un contacto de emergencia.",
      "err.emergencyContactPhone": "Escriba el teléfono de su contacto de emergencia.",
      "err.generic": "Revise este campo.",
      "err.closed": "Este grupo no acepta inscripciones en este momento. Elija otro grupo, por favor.",
      "err.gone": "Este grupo ya no aparece en la lista. Elija otro grupo, por favor.",
      "err.server": "Algo falló de nuestro lado. Inténtelo de nuevo en unos minutos.",
      crisisLead: "¿En crisis?", crisisCall: "Llame", crisisOr: "o", crisisText: "envíe un mensaje de texto", crisisTail: "al 988, a cualquier hora.",
      footer: "Nuestros grupos no reemplazan la atención profesional.",
      toggle: "English", toggleLang: "en"
    }
  };
  var ACCESSIBILITY = {
    en: { wheelchair: "Wheelchair accessible", accessible_restroom: "Accessible restroom", captions: "Captions",
      hearing_loop: "Hearing loop", asl: "ASL interpretation" },
    es: { wheelchair: "Acceso para silla de ruedas", accessible_restroom: "Baño accesible", captions: "Subtítulos",
      hearing_loop: "Bucle magnético", asl: "Intérprete de lengua de señas" }
  };

  /*
   * Where the script runs: on the example pages (<body class="psg">), or embedded in another site's
   * page, in the element marked data-finder, which then gets the finder built into it. Settings come
   * from the first place that has them: the script tag (what a website builder lets you paste), the
   * finder's element, then <body>: data-api (the stack's ApiUrl), data-thank-you, data-org (the
   * organisation's name), data-phone, data-lang (the language to start in).
   */
  var script = document.currentScript;
  var body, container, ownPage, api, org, phone, lang;
  var lastGroups = null;
  var alternative = null; // when no group matches: the soonest online group for the same people, or false
  var signupGroup = null; // the group whose form is open
  var searches = 0;       // the newest search's number: an older one's late answer is not shown

  function setting(name) {
    var places = [script, container, body];
    for (var i = 0; i < places.length; i++) {
      if (places[i] && places[i].hasAttribute("data-" + name)) { return places[i].getAttribute("data-" + name).trim(); }
    }
    return "";
  }

  function initialLanguage() {
    var match = /[?&]lang=(en|es)\b/.exec(window.location.search);
    if (match) { return match[1]; }
    try {
      var saved = window.localStorage.getItem("lang");
      if (saved === "en" || saved === "es") { return saved; }
    } catch (e) { /* storage may be off */ }
    var chosen = setting("lang");
    if (chosen === "en" || chosen === "es") { return chosen; }
    var preferred = (navigator.languages && navigator.languages[0]) || navigator.language || "en";
    return preferred.toLowerCase().indexOf("es") === 0 ? "es" : "en";
  }

  function t(key, values) {
    var text = ((TEXT[lang] && TEXT[lang][key]) || TEXT.en[key] || key).replace("{org}", org || TEXT[lang].thisOrg);
    if (values) {
      Object.keys(values).forEach(function (name) { text = text.replace("{" + name + "}", values[name]); });
    }
    return text;
  }

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      if (name === "text") { node.textContent = attributes[name]; } else { node.setAttribute(name, attributes[name]); }
    });
    (children || []).forEach(function (child) { if (child) { node.appendChild(child); } });
    return node;
  }

  /*
   * The finder and its sign-up form: built into the element marked data-finder (on the example
   * page, and wherever it is embedded). Fixed text only; the words are filled in by language.
   */
  var FINDER = [
    '<section aria-labelledby="finder-heading" class="finder">',
    '  <h2 id="finder-heading" data-i18n="finderHeading">Groups and when they meet</h2>',
    '  <details id="filters-box" class="filters-box">',
    '  <summary data-i18n="refine">Choose who, how, language, day or area</summary>',
    '  <form id="filters" class="filters" action="#results">',
    '    <div class="field">',
    '      <label for="f-audience" data-i18n="audience">Who is it for?</label>',
    '      <select id="f-audience" name="audience">',
    '        <option value="" data-i18n="any">Any</option>',
    '        <option value="self" data-i18n="audience.self">Me (I live with a mental health condition)</option>',
    '        <option value="family" data-i18n="audience.family">Family and friends</option>',
    '      </select>',
    '    </div>',
    '    <div class="field">',
    '      <label for="f-format" data-i18n="format">How do you want to meet?</label>',
    '      <select id="f-format" name="format">',
    '        <option value="" data-i18n="any">Any</option>',
    '        <option value="in_person" data-i18n="format.in_person">In person</option>',
    '        <option value="online" data-i18n="format.online">Online</option>',
    '      </select>',
    '    </div>',
    '    <div class="field">',
    '      <label for="f-language" data-i18n="language">Language</label>',
    '      <select id="f-language" name="language">',
    '        <option value="" data-i18n="any">Any</option>',
    '        <option value="en" lang="en">English</option>',
    '        <option value="es" lang="es">Español</option>',
    '      </select>',
    '    </div>',
    '    <div class="field">',
    '      <label for="f-day" data-i18n="day">Day</label>',
    '      <select id="f-day" name="day">',
    '        <option value="" data-i18n="any">Any</option>',
    '        <option value="MO" data-i18n="day.MO">Monday</option>',
    '        <option value="TU" data-i18n="day.TU">Tuesday</option>',
    '        <option value="WE" data-i18n="day.WE">Wednesday</option>',
    '        <option value="TH" data-i18n="day.TH">Thursday</option>',
    '        <option value="FR" data-i18n="day.FR">Friday</option>',
    '        <option value="SA" data-i18n="day.SA">Saturday</option>',
    '        <option value="SU" data-i18n="day.SU">Sunday</option>',
    '      </select>',
    '    </div>',
    '    <div class="field">',
    '      <label for="f-area" data-i18n="area">Area or neighborhood</label>',
    '      <input id="f-area" name="area" type="text" maxlength="120" autocomplete="off">',
    '    </div>',
    '    <div class="actions">',
    '      <button type="submit" class="button" data-i18n="search">Show groups</button>',
    '    </div>',
    '  </form>',
    '  </details>',
    '',
    '  <p id="results-status" class="status" role="status" aria-live="polite" tabindex="-1"></p>',
    '  <ul id="results" class="groups" aria-labelledby="finder-heading"></ul>',
    '  <div id="no-match" class="no-match" hidden></div>',
    '</section>',
    '',
    '<section id="signup" class="signup" aria-labelledby="signup-heading" hidden>',
    '  <h2 id="signup-heading" tabindex="-1"><span data-i18n="signupHeading">Sign up for</span> <span id="signup-group"></span></h2>',
    '  <ul id="signup-facts" class="signup-facts"></ul>',
    '  <p data-i18n="signupIntro">Tell us how to reach you. We will email you the meeting details. Only the group\'s facilitator and our staff see what you write here.</p>',
    '',
    '  <div id="error-summary" class="error-summary" tabindex="-1" hidden>',
    '    <h3 data-i18n="errorSummary">Please check the following</h3>',
    '    <ul></ul>',
    '  </div>',
    '',
    '  <form id="signup-form" class="signup-form" method="post" action="" novalidate>',
    '    <div class="field" data-field="firstName">',
    '      <label for="firstName" data-i18n="firstName">First name or nickname</label>',
    '      <p class="error" id="firstName-error" hidden></p>',
    '      <input id="firstName" name="firstName" type="text" autocomplete="given-name" maxlength="50" required aria-describedby="firstName-error">',
    '    </div>',
    '    <div class="field" data-field="email">',
    '      <label for="email" data-i18n="email">Email address</label>',
    '      <p class="error" id="email-error" hidden></p>',
    '      <input id="email" name="email" type="email" autocomplete="email" maxlength="254" required spellcheck="false" aria-describedby="email-error">',
    '    </div>',
    '    <div class="field" data-field="phone">',
    '      <label for="phone"><span data-i18n="phone">Phone number</span> <span class="optional" data-i18n="optional">(optional)</span></label>',
    '      <p class="hint" id="phone-hint" data-i18n="phoneHint">Only if you would like the facilitator to be able to call or text you, for example if a meeting moves at short notice.</p>',
    '      <p class="error" id="phone-error" hidden></p>',
    '      <input id="phone" name="phone" type="tel" autocomplete="tel" maxlength="30" aria-describedby="phone-hint phone-error">',
    '    </div>',
    '    <fieldset class="field" data-field="forWhom" aria-describedby="forWhom-error">',
    '      <legend data-i18n="forWhom">Who are you signing up for?</legend>',
    '      <p class="error" id="forWhom-error" hidden></p>',
    '      <div class="choice">',
    '        <input id="forWhom-self" name="forWhom" type="radio" value="self" required>',
    '        <label for="forWhom-self" data-i18n="forWhom.self">Myself</label>',
    '      </div>',
    '      <div class="choice">',
    '        <input id="forWhom-loved" name="forWhom" type="radio" value="loved_one">',
    '        <label for="forWhom-loved" data-i18n="forWhom.loved_one">I am a family member or friend</label>',
    '      </div>',
    '    </fieldset>',
    '    <div class="field" data-field="language">',
    '      <label for="language" data-i18n="emailLanguage">Language for our emails</label>',
    '      <select id="language" name="language">',
    '        <option value="en" lang="en">English</option>',
    '        <option value="es" lang="es">Español</option>',
    '      </select>',
    '    </div>',
    '    <fieldset class="field emergency" data-field="emergencyContactName" id="emergency" hidden>',
    '      <legend data-i18n="emergency">Emergency contact (this group asks for one)</legend>',
    '      <p class="hint" data-i18n="emergencyWhy">Someone the facilitator could call if you became unwell during a meeting, and only then. It is deleted with your sign-up.</p>',
    '      <label for="emergencyContactName" data-i18n="emergencyName">Name</label>',
    '      <p class="error" id="emergencyContactName-error" hidden></p>',
    '      <input id="emergencyContactName" name="emergencyContactName" type="text" maxlength="50" aria-describedby="emergencyContactName-error" disabled>',
    '      <label for="emergencyContactPhone" data-i18n="emergencyPhone">Phone number</label>',
    '      <p class="error" id="emergencyContactPhone-error" hidden></p>',
    '      <input id="emergencyContactPhone" name="emergencyContactPhone" type="tel" maxlength="30" aria-describedby="emergencyContactPhone-error" disabled>',
    '    </fieldset>',
    '    <div class="field" data-field="consent">',
    '      <p class="error" id="consent-error" hidden></p>',
    '      <div class="choice">',
    '        <input id="consent" name="consent" type="checkbox" value="on" required aria-describedby="consent-error">',
    '        <label for="consent" data-i18n="consent">I agree that this organisation may keep these details to contact me about this group. I can withdraw at any time with the link in the email.</label>',
    '      </div>',
    '    </div>',
    '    <!-- Left empty by people; never shown to them or to screen readers. -->',
    '    <div class="hp" aria-hidden="true">',
    '      <label for="website">Website</label>',
    '      <input id="website" name="website" type="text" tabindex="-1" autocomplete="off">',
    '    </div>',
    '    <p id="form-message" class="form-message" role="alert" hidden></p>',
    '    <div class="actions">',
    '      <button type="submit" class="button" data-i18n="submit">Send my sign-up</button>',
    '    </div>',
    '  </form>',
    '</section>'
  ].join("\n");
  var EMBEDDED_TOP = '<div class="embed-top"><p class="crisis"><strong><span data-i18n="crisisLead">In crisis?</span> '
    + '<a href="tel:988" data-i18n="crisisCall">Call</a> <span data-i18n="crisisOr">or</span> '
    + '<a href="sms:988" data-i18n="crisisText">text</a> <span data-i18n="crisisTail">988, any time.</span></strong></p>'
    + '<button type="button" class="lang-toggle" id="lang-toggle" hidden></button></div>';

  /* Embedded, the finder brings the crisis line and the language switch that the example page has in its header. */
  function buildFinder() {
    if (!container || document.getElementById("filters")) { return; }
    container.classList.add("psg");
    container.insertAdjacentHTML("beforeend", (ownPage ? "" : EMBEDDED_TOP) + FINDER);
  }

  /* ---------- language ---------- */

  /* On the example pages, the whole page and its title; embedded, the finder only. */
  function applyLanguage() {
    (ownPage ? document.documentElement : container).lang = lang;
    (ownPage ? document : container).querySelectorAll("[data-i18n]").forEach(function (node) {
      var key = node.getAttribute("data-i18n");
      if (key === "org") {
        if (org) { node.textContent = org; }
      } else if (TEXT[lang][key]) {
        node.textContent = t(key);
      }
    });
    var toggle = document.getElementById("lang-toggle");
    if (toggle) {
      toggle.hidden = false;
      toggle.textContent = "";
      toggle.appendChild(el("span", { lang: t("toggleLang"), text: t("toggle") }));
    }
    var emailLanguage = document.getElementById("language");
    if (emailLanguage && !emailLanguage.dataset.touched) { emailLanguage.value = lang; }
    if (lastGroups) { renderGroups(lastGroups); }
    signupFacts();
  }

  function setupLanguage() {
    var toggle = document.getElementById("lang-toggle");
    if (toggle) {
      toggle.addEventListener("click", function () {
        lang = lang === "en" ? "es" : "en";
        try { window.localStorage.setItem("lang", lang); } catch (e) { /* storage may be off */ }
        applyLanguage();
      });
    }
    var emailLanguage = document.getElementById("language");
    if (emailLanguage) {
      emailLanguage.addEventListener("change", function () { emailLanguage.dataset.touched = "true"; });
    }
    applyLanguage();
  }

  /* ---------- dates ---------- */

  function meetingText(meeting, timezone) {
    var start = new Date(meeting.start);
    var end = new Date(meeting.end);
    var day = new Intl.DateTimeFormat(lang, { timeZone: timezone, weekday: "long", month: "long", day: "numeric" }).format(start);
    var time = new Intl.DateTimeFormat(lang, { timeZone: timezone, hour: "numeric", minute: "2-digit" });
    var zone = zoneName(start, timezone);
    var soon = dayLabel(start, timezone);
    return (soon ? soon + ", " : "") + day + ", " + time.format(start) + "–" + time.format(end) + (zone ? " " + zone : "");
  }

  /* "Today", "Tomorrow" or "This week" where the group meets (its calendar date, not the visitor's), else none. */
  function dayLabel(date, timezone) {
    var iso = new Intl.DateTimeFormat("en-CA", { timeZone: timezone, year: "numeric", month: "2-digit", day: "2-digit" });
    var today = iso.format(new Date());
    var day = iso.format(date);
    var ahead = Math.round((Date.parse(day) - Date.parse(today)) / 86400000);
    return ahead === 0 ? t("today") : ahead === 1 ? t("tomorrow") : ahead > 1 && ahead < 7 ? t("thisWeek") : null;
  }

  /*
   * The zone as people say it: "MST" in English; Spanish has no such abbreviations ("GMT-7" is what
   * a browser gives), so there it is the zone's name, "hora de las Montañas Rocosas", as in the emails.
   */
  function zoneName(date, timezone) {
    var styles = lang === "en" ? ["short"] : ["longGeneric", "long"];
    for (var i = 0; i < styles.length; i++) {
      try {
        var name = new Intl.DateTimeFormat(lang, { timeZone: timezone, timeZoneName: styles[i] }).formatToParts(date)
          .filter(function (part) { return part.type === "timeZoneName"; }).map(function (part) { return part.value; })[0];
        if (name) { return lang === "en" ? name : "(" + name + ")"; }
      } catch (e) { /* an older browser without this style: try the next */ }
    }
    return "";
  }

  /* "Listing checked on …": lastVerified is a calendar date, so it is shown as one, in no time zone. */
  function checkedText(date) {
    var parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date || "");
    if (!parts) { return null; }
    var day = new Date(Date.UTC(+parts[1], +parts[2] - 1, +parts[3], 12));
    return t("checked", { date: new Intl.DateTimeFormat(lang, { timeZone: "UTC", year: "numeric", month: "long", day: "numeric" }).format(day) });
  }

  function languageName(code) {
    try {
      var name = new Intl.DisplayNames([lang], { type: "language" }).of(code);
      return name.charAt(0).toLocaleUpperCase(lang) + name.slice(1);
    } catch (e) {
      return code;
    }
  }

  /* ---------- finder ---------- */

  function setupFinder() {
    var filters = document.getElementById("filters");
    if (!filters) { return; }
    filters.addEventListener("submit", function (event) {
      event.preventDefault();
      loadGroups(new FormData(filters), true);
    });
    loadGroups(new FormData(filters), false);
  }

  /* A person's own search moves them to its answer (read out, and scrolled into view on a phone). */
  function loadGroups(form, showAnswer) {
    var status = document.getElementById("results-status");
    var query = [];
    form.forEach(function (value, name) {
      value = String(value).trim();
      if (value) { query.push(encodeURIComponent(name) + "=" + encodeURIComponent(value)); }
    });
    var asked = ++searches;
    status.textContent = t("loading");
    fetch(api + "/groups" + (query.length ? "?" + query.join("&") : ""), { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("status " + response.status); }
        return response.json();
      })
      .then(function (data) {
        if (asked !== searches) { return; }
        var first = lastGroups === null;
        lastGroups = data.groups || [];
        alternative = null;
        renderGroups(lastGroups);
        if (!lastGroups.length) { findAlternative(form, query, asked); }
        if (first) { showLinkedGroup(); }
        if (showAnswer) { status.focus(); }
      })
      .catch(function () {
        if (asked !== searches) { return; }
        lastGroups = null;
        alternative = null;
        renderNoMatch();
        document.getElementById("results").textContent = "";
        status.textContent = t("loadFailed");
        if (showAnswer) { status.focus(); }
      });
  }

  function renderGroups(groups) {
    var list = document.getElementById("results");
    var status = document.getElementById("results-status");
    if (!list) { return; }
    list.textContent = "";
    inPageLanguageFirst(groups).forEach(function (group) { list.appendChild(groupCard(group)); });
    status.textContent = groups.length === 0 ? t("none") : groups.length === 1 ? t("found1") : t("foundN", { n: groups.length });
    renderNoMatch();
  }

  /*
   * Nothing matched: the soonest online group for the same people in the same language (the other
   * choices are about when and where, which online answers), then the organisation's phone.
   */
  function findAlternative(form, searched, asked) {
    var query = ["format=online"];
    ["audience", "language"].forEach(function (name) {
      var chosen = String(form.get(name) || "").trim();
      if (chosen) { query.push(name + "=" + encodeURIComponent(chosen)); }
    });
    var answer = function (group) {
      if (asked !== searches) { return; }
      alternative = group || false;
      renderNoMatch();
    };
    if (query.slice().sort().join("&") === searched.slice().sort().join("&")) {
      answer(null); // the search that found nothing was this one already
      return;
    }
    fetch(api + "/groups?" + query.join("&"), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { groups: [] }; })
      .then(function (data) {
        answer((data.groups || []).filter(function (group) { return group.status !== "paused"; })[0]);
      })
      .catch(function () { answer(null); });
  }

  function renderNoMatch() {
    var place = document.getElementById("no-match");
    if (!place) { return; }
    place.textContent = "";
    place.hidden = alternative === null;
    if (alternative === null) { return; }
    if (alternative) {
      place.appendChild(el("p", { text: t("onlineInstead") }));
      place.appendChild(el("ul", { "class": "groups" }, [groupCard(alternative)]));
    }
    place.appendChild(phone ? phoneLine() : el("p", { text: t("fewerFilters") }));
  }

  /* "Or call us at 555-0100 …", the number a link a phone can call. */
  function phoneLine() {
    var parts = t("callUs").split("{phone}");
    return el("p", { "class": "call-us" }, [document.createTextNode(parts[0]),
      el("a", { href: "tel:" + phone.replace(/[^0-9+]/g, ""), text: phone }), document.createTextNode(parts[1] || "")]);
  }

  /*
   * Groups held in the page's language come first, and groups not taking sign-ups last; otherwise
   * the API's order (soonest first) stays.
   */
  function inPageLanguageFirst(groups) {
    var rank = function (group) {
      return (group.status === "paused" ? 2 : 0) + ((group.languages || []).indexOf(lang) >= 0 ? 0 : 1);
    };
    return groups.map(function (group, i) { return { group: group, i: i }; })
      .sort(function (a, b) { return rank(a.group) - rank(b.group) || a.i - b.i; })
      .map(function (entry) { return entry.group; });
  }

  /* How and where a group meets: "In person, Eastside Springfield", "Online". */
  function placeText(group) {
    return t("fmt_" + group.format) + (group.area && group.area !== "Online" ? ", " + group.area : "");
  }

  function groupCard(group) {
    var headingId = "group-" + group.id;
    var facts = el("ul", { "class": "facts" }, [
      el("li", { text: t("for_" + group.audience) }),
      el("li", { text: placeText(group) }),
      el("li", { text: (group.languages || []).map(languageName).join(", ") }),
      group.requiresEmergencyContact === true ? el("li", { text: t("asksEmergency") }) : null
    ]);
    (group.accessibility || []).forEach(function (feature) {
      facts.appendChild(el("li", { text: (ACCESSIBILITY[lang] && ACCESSIBILITY[lang][feature]) || feature.replace(/_/g, " ") }));
    });
    var meetings = el("ul", { "class": "meetings" });
    (group.nextMeetings || []).forEach(function (meeting) {
      meetings.appendChild(el("li", {}, [el("time", { datetime: meeting.start, text: meetingText(meeting, group.schedule.timezone) })]));
    });
    var actions = el("div", { "class": "group-actions" });
    if (group.status !== "paused") {
      var button = el("button", { type: "button", "class": "button", "data-group": group.id,
        text: t(group.status === "full" ? "joinWaitlist" : "signUp") });
      button.appendChild(el("span", { "class": "visually-hidden", text: ": " + group.name }));
      button.addEventListener("click", function () { openSignup(group); });
      actions.appendChild(button);
    }
    var calendar = el("a", { href: api + "/groups/" + encodeURIComponent(group.id) + "/calendar.ics", text: t("addToCalendar") });
    calendar.appendChild(el("span", { "class": "visually-hidden", text: ": " + group.name }));
    actions.appendChild(calendar);
    var groupLang = (group.languages && group.languages[0]) || "en";
    return el("li", { "class": "group", "aria-labelledby": headingId }, [
      el("h3", { id: headingId, lang: groupLang, text: group.name }),
      el("p", { lang: groupLang, text: group.description }),
      facts,
      group.status === "full" ? el("p", { "class": "state", text: t("full") }) : null,
      group.status === "paused" ? el("p", { "class": "state", text: t("paused") }) : null,
      el("h4", { "class": "visually-hidden", text: t("nextMeetings") }),
      (group.nextMeetings || []).length ? meetings : el("p", { text: t("noMeetings") }),
      checkedText(group.lastVerified) ? el("p", { "class": "checked", text: checkedText(group.lastVerified) }) : null,
      actions
    ]);
  }

  /* A link to one group (the feed's url for it: "/#group-<id>") shows that group once the list is in. */
  function showLinkedGroup() {
    var match = /^#(group-[a-z0-9-]+)$/.exec(window.location.hash);
    var heading = match && document.getElementById(match[1]);
    if (!heading) { return; }
    heading.setAttribute("tabindex", "-1");
    heading.focus();
    heading.scrollIntoView({ block: "start" });
  }

  function openSignup(group) {
    var section = document.getElementById("signup");
    var form = document.getElementById("signup-form");
    form.action = api + "/groups/" + encodeURIComponent(group.id) + "/signups";
    form.setAttribute("data-group", group.id);
    var name = document.getElementById("signup-group");
    name.textContent = group.name;
    name.lang = (group.languages && group.languages[0]) || "en";
    signupGroup = group;
    signupFacts();
    clearErrors(form);
    showEmergency(group.requiresEmergencyContact === true);
    section.hidden = false;
    var heading = document.getElementById("signup-heading");
    heading.focus();
    heading.scrollIntoView({ block: "start" });
  }

  /* What the form's group is, before anything is asked: when, where, and that it is free. */
  function signupFacts() {
    var facts = document.getElementById("signup-facts");
    if (!facts || !signupGroup) { return; }
    var group = signupGroup;
    var next = (group.nextMeetings || [])[0];
    facts.textContent = "";
    facts.appendChild(el("li", { text: next ? t("factNext", { when: meetingText(next, group.schedule.timezone) }) : t("factNone") }));
    facts.appendChild(el("li", { text: placeText(group) }));
    facts.appendChild(el("li", { text: t("factFree") }));
  }

  /* ---------- one group's page ---------- */

  function setupGroupPage() {
    var id = body.getAttribute("data-group");
    if (!id) { return; }
    fetch(api + "/groups/" + encodeURIComponent(id), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (group) {
        if (!group) { return; }
        signupGroup = group;
        var list = document.getElementById("group-meetings");
        var checked = document.getElementById("group-checked");
        var render = function () {
          list.textContent = "";
          (group.nextMeetings || []).forEach(function (meeting) {
            list.appendChild(el("li", {}, [el("time", { datetime: meeting.start, text: meetingText(meeting, group.schedule.timezone) })]));
          });
          if (checked && checkedText(group.lastVerified)) {
            checked.textContent = checkedText(group.lastVerified);
            checked.hidden = false;
          }
        };
        render();
        list.hidden = !(group.nextMeetings || []).length;
        if (group.requiresEmergencyContact === true) { showEmergency(true); }
        document.getElementById("lang-toggle").addEventListener("click", render);
      })
      .catch(function () { /* the static text stays */ });
    var calendar = document.getElementById("group-calendar");
    if (calendar && api) { calendar.href = api + "/groups/" + encodeURIComponent(id) + "/calendar.ics"; }
    var form = document.getElementById("signup-form");
    if (form && api) { form.action = api + "/groups/" + encodeURIComponent(id) + "/signups"; }
  }

  /* ---------- sign-up form ---------- */

  var FIELDS = ["firstName", "email", "phone", "forWhom", "emergencyContactName", "emergencyContactPhone", "consent"];

  function setupSignup() {
    var form = document.getElementById("signup-form");
    if (!form) { return; }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var errors = validate(form);
      if (Object.keys(errors).length) {
        showErrors(form, errors);
        return;
      }
      send(form);
    });
  }

  function value(form, name) {
    var field = form.elements[name];
    if (!field) { return ""; }
    if (field.type === "checkbox") { return field.checked; }
    return String(field.value || "").trim();
  }

  function validate(form) {
    var errors = {};
    var firstName = value(form, "firstName");
    if (!firstName || firstName.length > 50) { errors.firstName = t("err.firstName"); }
    var email = value(form, "email");
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254) { errors.email = t("err.email"); }
    var phone = value(form, "phone");
    if (phone && !/^[+()0-9 .\-]{7,30}$/.test(phone)) { errors.phone = t("err.phone"); }
    if (!value(form, "forWhom")) { errors.forWhom = t("err.forWhom"); }
    if (!value(form, "consent")) { errors.consent = t("err.consent"); }
    var emergency = document.getElementById("emergency");
    if (emergency && !emergency.hidden) {
      if (!value(form, "emergencyContactName")) { errors.emergencyContactName = t("err.emergencyContactName"); }
      if (!value(form, "emergencyContactPhone")) { errors.emergencyContactPhone = t("err.emergencyContactPhone"); }
    }
    return errors;
  }

  function fieldInput(form, name) {
    if (name === "forWhom") { return document.getElementById("forWhom-self"); }
    return form.elements[name] || null;
  }

  function clearErrors(form) {
    FIELDS.forEach(function (name) {
      var message = document.getElementById(name + "-error");
      if (message) { message.hidden = true; message.textContent = ""; }
      var input = form.elements[name];
      if (input && input.removeAttribute) { input.removeAttribute("aria-invalid"); }
    });
    form.querySelectorAll("[aria-invalid]").forEach(function (node) { node.removeAttribute("aria-invalid"); });
    var summary = document.getElementById("error-summary");
    if (summary) { summary.hidden = true; }
    var message = document.getElementById("form-message");
    if (message) { message.hidden = true; message.textContent = ""; }
  }

  function showErrors(form, errors) {
    clearErrors(form);
    var summary = document.getElementById("error-summary");
    var list = summary.querySelector("ul");
    list.textContent = "";
    FIELDS.forEach(function (name) {
      if (!errors[name]) { return; }
      var message = document.getElementById(name + "-error");
      if (message) { message.textContent = errors[name]; message.hidden = false; }
      var input = fieldInput(form, name);
      if (input) { input.setAttribute("aria-invalid", "true"); }
      var link = el("a", { href: "#" + (input ? input.id : name), text: errors[name] });
      link.addEventListener("click", function (event) {
        event.preventDefault();
        if (input) { input.focus(); }
      });
      list.appendChild(el("li", {}, [link]));
    });
    summary.hidden = false;
    summary.focus();
  }

  function showMessage(text) {
    var message = document.getElementById("form-message");
    message.textContent = text;
    message.hidden = false;
  }

  function showEmergency(show) {
    var fieldset = document.getElementById("emergency");
    if (!fieldset) { return; }
    fieldset.hidden = !show;
    fieldset.querySelectorAll("input").forEach(function (input) { input.disabled = !show; });
  }

  function send(form) {
    var payload = {
      firstName: value(form, "firstName"),
      email: value(form, "email"),
      forWhom: value(form, "forWhom"),
      language: value(form, "language") || lang,
      consent: true,
      website: value(form, "website")
    };
    if (value(form, "phone")) { payload.phone = value(form, "phone"); }
    var emergency = document.getElementById("emergency");
    if (emergency && !emergency.hidden) {
      payload.emergencyContactName = value(form, "emergencyContactName");
      payload.emergencyContactPhone = value(form, "emergencyContactPhone");
    }
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    button.textContent = t("sending");
    form.setAttribute("aria-busy", "true");
    var done = function () {
      button.disabled = false;
      button.textContent = t("submit");
      form.removeAttribute("aria-busy");
    };
    fetch(form.action, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(payload)
    }).then(function (response) {
      if (response.status === 202) {
        // The thank-you page names the group from this tab's storage: nothing about it goes into the
        // address, which browser history and shared devices keep.
        try {
          if (signupGroup) {
            window.sessionStorage.setItem("signedUpFor", JSON.stringify({ id: signupGroup.id, name: signupGroup.name,
              lang: (signupGroup.languages && signupGroup.languages[0]) || "en" }));
          }
        } catch (e) { /* storage may be off: the page says the rest */ }
        var thanks = setting("thank-you") || "thank-you.html";
        window.location.assign(thanks + (thanks.indexOf("?") < 0 ? "?" : "&") + "lang=" + encodeURIComponent(payload.language));
        return;
      }
      done();
      return response.json().catch(function () { return {}; }).then(function (data) {
        var error = (data && data.error) || {};
        if (response.status === 400 && error.fields) {
          // The server's words are the more specific ("with its area code"); they are in the
          // sign-up's language, so they are shown when that is the page's language too.
          var serverWords = payload.language === lang;
          var errors = {};
          Object.keys(error.fields).forEach(function (name) {
            errors[name] = (serverWords && error.fields[name]) || TEXT[lang]["err." + name] || error.fields[name]
              || t("err.generic");
          });
          if (errors.emergencyContactName || errors.emergencyContactPhone) { showEmergency(true); }
          showErrors(form, errors);
        } else if (response.status === 409) {
          showMessage(t("err.closed"));
        } else if (response.status === 404) {
          showMessage(t("err.gone"));
        } else {
          showMessage(t("err.server"));
        }
      });
    }).catch(function () {
      // No answer the script can read (offline, or the API does not allow this site's origin):
      // let the browser post the form itself, which needs neither.
      done();
      form.submit();
    });
  }

  /* The thank-you page says the same in both languages; the sign-up's language comes first. */
  function setupThanks() {
    var english = document.getElementById("thanks-en");
    var spanish = document.getElementById("thanks-es");
    if (!english || !spanish || lang !== "es") { return; }
    var first = english.parentNode;
    var second = spanish.parentNode;
    var a = first.querySelectorAll("h1, p");
    var b = second.querySelectorAll("h2, p");
    for (var i = 0; i < a.length && i < b.length; i++) {
      var text = a[i].textContent;
      a[i].textContent = b[i].textContent;
      b[i].textContent = text;
    }
    first.setAttribute("lang", "es");
    second.setAttribute("lang", "en");
  }

  /* The group just signed up for, and its meetings for the person's own calendar (titles name no group). */
  function thanksGroup() {
    var place = document.getElementById("thanks-group");
    if (!place) { return; }
    var group = null;
    try { group = JSON.parse(window.sessionStorage.getItem("signedUpFor") || "null"); } catch (e) { group = null; }
    if (!group || typeof group.id !== "string" || typeof group.name !== "string") { return; }
    place.textContent = "";
    place.appendChild(document.createTextNode(t("thanksGroup") + " "));
    place.appendChild(el("strong", { lang: group.lang === "es" ? "es" : "en", text: group.name }));
    place.appendChild(document.createTextNode(". "));
    place.appendChild(el("a", { href: api + "/groups/" + encodeURIComponent(group.id) + "/calendar.ics?titles=neutral",
      text: t("thanksCalendar") }));
    place.hidden = false;
  }

  function start() {
    body = document.body;
    container = document.querySelector("[data-finder]");
    ownPage = body.classList.contains("psg");
    api = setting("api").replace(/\/+$/, "");
    org = setting("org");
    phone = setting("phone");
    lang = initialLanguage();
    buildFinder();
    setupLanguage();
    setupThanks();
    thanksGroup();
    setupFinder();
    setupGroupPage();
    setupSignup();
  }

  // A script pasted above the finder's element, without defer, waits for the page.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
