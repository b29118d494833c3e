/*
 * The staff console: sign-in through Cognito's own API (password, then a code from an
 * authenticator app; a new password and the app's set-up at a first sign-in), then the staff
 * API with the access token. Plain JavaScript, nothing loaded from anywhere else.
 *
 * The tokens live in this closure only (never in storage or a cookie), so a reload signs out, and
 * so does 15 minutes without a key press or a click. What a role may do is the API's to decide;
 * the page only leaves out what would be refused.
 */
(function () {
  "use strict";

  var IDLE_MINUTES = 15;
  var STALE_DAYS = 90;

  var TEXT = {
    en: {
      skip: "Skip to the content", org: "Staff console", signOut: "Sign out", toggle: "Español", toggleLang: "es",
      footer: "What you see here is confidential. Sign out when you step away.",
      "nav.groups": "Groups", "nav.closures": "Closures", "nav.signups": "Sign-ups", "nav.erase": "Erase",
      "nav.audit": "Audit", "nav.staff": "Staff accounts",
      loading: "Loading…", saving: "Saving…", saved: "Saved.", required: "(required)", optional: "(optional)",
      cancel: "Cancel", back: "Back", errorSummary: "Please check the following",
      "signIn.title": "Staff sign-in", "signIn.lead": "Sign in with your username, your password and the code from your authenticator app.",
      username: "Username", password: "Password", "signIn.submit": "Sign in", "signIn.busy": "Signing in…",
      "signIn.idle": "You were signed out after " + IDLE_MINUTES + " minutes without activity. Please sign in again.",
      "signIn.ended": "Your session ended. Please sign in again.", "signIn.out": "You are signed out.",
      "signIn.noRole": "This account has no role yet. Ask an admin to make you an admin or a facilitator.",
      "mfa.title": "Enter your code", "mfa.lead": "Open your authenticator app and enter the 6-digit code it shows for this account.",
      code: "6-digit code", "mfa.submit": "Continue",
      "newPassword.title": "Choose a new password",
      "newPassword.lead": "This is your first sign-in. Choose a password only you know.",
      "newPassword.rule": "At least 14 characters, with upper- and lower-case letters, a number and a symbol.",
      newPassword: "New password", confirmPassword: "Type the new password again", "newPassword.submit": "Save password",
      "setup.title": "Set up your authenticator app",
      "setup.lead": "Every sign-in asks for a code from an authenticator app on your phone. Add this account to the app with the key below, then enter the code it shows.",
      "setup.key": "Key to enter in the app", "setup.link": "Or open this link on the phone with the app",
      "setup.submit": "Confirm the app",
      "err.username": "Enter your username.", "err.password": "Enter your password.",
      "err.code": "Enter the 6 digits your authenticator app shows.",
      "err.match": "The two passwords are not the same.",
      "err.credentials": "That username and password do not match. Try again, or ask an admin to reset your password.",
      "err.codeMismatch": "That code did not work. Enter the code your app shows now (codes change every 30 seconds).",
      "err.passwordPolicy": "Choose a stronger password: at least 14 characters, with upper- and lower-case letters, a number and a symbol.",
      "err.expired": "That took too long. Please sign in again.",
      "err.tooMany": "Too many attempts. Please wait a few minutes and try again.",
      "err.reset": "Your password needs to be reset. Ask an admin.",
      "err.network": "We could not reach the sign-in service. Please try again in a minute.",
      "err.forbidden": "You don't have access to this.", "err.notFound": "We could not find that.",
      "err.server": "Something went wrong on our side. Please try again in a few minutes.",
      "err.rateLimited": "Too many requests just now. Please wait a moment and try again.",
      "err.fieldIn": "Please check this field:",
      "groups.title": "Groups", "groups.new": "New group", "groups.none": "No groups to show.",
      "groups.mine": "These are the groups you run.",
      edit: "Edit", pause: "Pause sign-ups", resume: "Resume sign-ups", archive: "Archive", markVerified: "Mark verified",
      "archive.confirm": "Archive this group? It disappears from the public listing; its sign-ups are kept.",
      "status.active": "Active", "status.full": "Full", "status.paused": "Paused", archived: "Archived",
      "verified.never": "Never verified: check this listing", "verified.on": "Verified {date}",
      "verified.stale": "Not verified for over {days} days: check this listing",
      "verified.done": "Marked verified today.",
      nextMeetings: "Next meetings", noMeetings: "No upcoming meetings.",
      facilitators: "Run by", address: "Address", meetingUrl: "Meeting link", meetingPhone: "Meeting phone",
      viewSignups: "Sign-ups",
      "group.editTitle": "Edit {name}", "group.newTitle": "New group", "group.save": "Save group",
      "group.public": "Public listing", "group.schedule": "Schedule", "group.private": "Private details (staff and registrants only)",
      "f.id": "Group id", "f.id.hint": "Lower-case letters, digits and hyphens; it cannot change later.",
      "f.name": "Name", "f.program": "Program", "f.program.hint": "Lower case with underscores, such as family_support.",
      "f.audience": "Who it is for", "f.audience.self": "People living with a condition", "f.audience.family": "Family and friends",
      "f.audience.both": "Both", "f.description": "Description", "f.languages": "Languages",
      "f.languages.hint": "ISO codes separated by commas, such as en, es.", "f.format": "Format",
      "f.format.in_person": "In person", "f.format.online": "Online", "f.format.hybrid": "Hybrid",
      "f.area": "Area (approximate, shown publicly)", "f.accessibility": "Accessibility",
      "f.accessibility.hint": "Separated by commas, such as wheelchair, captions.", "f.status": "Sign-ups",
      "f.timezone": "Time zone", "f.timezone.hint": "An IANA zone such as America/Denver.",
      "f.rrule": "Recurrence rule", "f.rrule.hint": "Such as FREQ=WEEKLY;BYDAY=TU or FREQ=MONTHLY;BYDAY=1TH,3TH.",
      "f.startDate": "First meeting's date", "f.startTime": "Start time", "f.durationMinutes": "Duration in minutes",
      "f.exdates": "Dates without a meeting", "f.exdates.hint": "YYYY-MM-DD, separated by commas.",
      "f.capacity": "Places", "f.capacity.hint": "Leave empty for no limit.",
      "f.requiresEmergencyContact": "Ask registrants for an emergency contact",
      "f.address": "Address", "f.meetingUrl": "Meeting link (https://)", "f.meetingPhone": "Meeting phone",
      "f.facilitatorName": "Facilitator's name", "f.facilitatorEmail": "Facilitator's email",
      "f.notesForRegistrants": "Notes for registrants", "f.facilitatorUsernames": "Staff accounts that run it",
      "f.facilitatorUsernames.hint": "Usernames separated by commas; they see this group and its sign-ups.",
      "f.lastVerified": "Last verified", "f.lastVerified.hint": "The date someone confirmed this listing is right.",
      "closures.title": "Closures", "closures.lead": "Days when no group meets (holidays). They drop out of every group's next meetings and calendars.",
      "closures.none": "No closures.", "closures.add": "Add a closure", date: "Date", name: "Name", remove: "Remove",
      "closures.save": "Add closure",
      "signups.title": "Sign-ups", "signups.choose": "Group", "signups.show": "Show sign-ups",
      "signups.for": "Sign-ups for {name}", "signups.none": "No sign-ups for this group.",
      "signups.download": "Download CSV", "signups.more": "Show more", "signups.count": "{n} shown.",
      "signups.noGroups": "You have no groups to show sign-ups for.",
      "c.createdAt": "Signed up", "c.firstName": "First name", "c.email": "Email", "c.phone": "Phone", "c.forWhom": "For",
      "c.language": "Language", "c.status": "Place", "c.emailStatus": "Email",
      "erase.title": "Erase an address",
      "erase.lead": "Erase everything held for one email address, in every group: for a person who asks to be forgotten.",
      email: "Email address", "erase.next": "Continue", "erase.confirmTitle": "Erase everything for this address?",
      "erase.confirmLead": "Every sign-up for {email}, in every group, will be deleted. This cannot be undone.",
      "erase.confirm": "Yes, erase", "erase.done1": "Erased 1 sign-up.", "erase.doneN": "Erased {n} sign-ups.",
      "erase.done0": "Nothing was held for that address.", "err.email": "Enter the email address to erase.",
      "audit.title": "Audit", "audit.lead": "Who did what, newest first.", "audit.older": "Older records",
      "a.at": "When", "a.principal": "Who", "a.action": "What", "a.filters": "Details", "a.rowCount": "Rows",
      "staff.title": "Staff accounts", "staff.invite": "Invite someone", "staff.inviteLead": "They get an email with a temporary password and choose their own at the first sign-in.",
      "staff.send": "Send invitation", "staff.role": "Role", "role.admins": "Admin", "role.facilitators": "Facilitator",
      "role.none": "No role", "staff.status": "Status", "staff.makeAdmin": "Make admin", "staff.makeFacilitator": "Make facilitator",
      "staff.removeConfirm": "Remove the account {username}? They will no longer be able to sign in.",
      "staff.invited": "Invitation sent to {username}.", "staff.removed": "Removed {username}.",
      "staff.changed": "{username} is now: {role}.", "staff.you": "(you)",
      "st.FORCE_CHANGE_PASSWORD": "Invited, not signed in yet", "st.CONFIRMED": "Active", "st.RESET_REQUIRED": "Password reset required",
      "err.username.field": "Use lower-case letters and digits, with dots, hyphens or underscores between them."
    },
    es: {
      skip: "Ir al contenido", org: "Consola del personal", signOut: "Cerrar sesión", toggle: "English", toggleLang: "en",
      footer: "Lo que ve aquí es confidencial. Cierre la sesión cuando se aleje.",
      "nav.groups": "Grupos", "nav.closures": "Cierres", "nav.signups": "Inscripciones", "nav.erase": "Borrar",
      "nav.audit": "Auditoría", "nav.staff": "Cuentas del personal",
      loading: "Cargando…", saving: "Guardando…", saved: "Guardado.", required: "(obligatorio)", optional: "(opcional)",
      cancel: "Cancelar", back: "Volver", errorSummary: "Revise lo siguiente",
      "signIn.title": "Acceso del personal", "signIn.lead": "Entre con su usuario, su contraseña y el código de su aplicación de autenticación.",
      username: "Usuario", password: "Contraseña", "signIn.submit": "Entrar", "signIn.busy": "Entrando…",
      "signIn.idle": "Cerramos su sesión tras " + IDLE_MINUTES + " minutos sin actividad. Vuelva a entrar, por favor.",
      "signIn.ended": "Su sesión terminó. Vuelva a entrar, por favor.", "signIn.out": "Cerró la sesión.",
      "signIn.noRole": "Esta cuenta todavía no tiene un rol. Pida a un administrador que le asigne uno.",
      "mfa.title": "Escriba su código", "mfa.lead": "Abra su aplicación de autenticación y escriba el código de 6 dígitos que muestra para esta cuenta.",
      code: "Código de 6 dígitos", "mfa.submit": "Continuar",
      "newPassword.title": "Elija una contraseña nueva",
      "newPassword.lead": "Es la primera vez que entra. Elija una contraseña que solo usted conozca.",
      "newPassword.rule": "Al menos 14 caracteres, con mayúsculas y minúsculas, un número y un símbolo.",
      newPassword: "Contraseña nueva", confirmPassword: "Escriba la contraseña nueva otra vez", "newPassword.submit": "Guardar la contraseña",
      "setup.title": "Configure su aplicación de autenticación",
      "setup.lead": "Cada vez que entre le pediremos un código de una aplicación de autenticación en su teléfono. Agregue esta cuenta a la aplicación con la clave de abajo y escriba el código que muestra.",
      "setup.key": "Clave para escribir en la aplicación", "setup.link": "O abra este enlace en el teléfono que tiene la aplicación",
      "setup.submit": "Confirmar la aplicación",
      "err.username": "Escriba su usuario.", "err.password": "Escriba su contraseña.",
      "err.code": "Escriba los 6 dígitos que muestra su aplicación.",
      "err.match": "Las dos contraseñas no son iguales.",
      "err.credentials": "El usuario y la contraseña no coinciden. Inténtelo de nuevo, o pida a un administrador que restablezca su contraseña.",
      "err.codeMismatch": "Ese código no funcionó. Escriba el código que muestra ahora su aplicación (cambia cada 30 segundos).",
      "err.passwordPolicy": "Elija una contraseña más segura: al menos 14 caracteres, con mayúsculas y minúsculas, un número y un símbolo.",
      "err.expired": "Pasó demasiado tiempo. Vuelva a entrar, por favor.",
      "err.tooMany": "Demasiados intentos. Espere unos minutos e inténtelo de nuevo.",
      "err.reset": "Hay que restablecer su contraseña. Pídalo a un administrador.",
      "err.network": "No pudimos comunicarnos con el servicio de acceso. Inténtelo de nuevo en un minuto.",
      "err.forbidden": "No tiene acceso a esto.", "err.notFound": "No encontramos eso.",
      "err.server": "Algo falló de nuestro lado. Inténtelo de nuevo en unos minutos.",
      "err.rateLimited": "Demasiadas solicitudes en este momento. Espere un poco e inténtelo de nuevo.",
      "err.fieldIn": "Revise este campo:",
      "groups.title": "Grupos", "groups.new": "Grupo nuevo", "groups.none": "No hay grupos para mostrar.",
      "groups.mine": "Estos son los grupos que usted dirige.",
      edit: "Editar", pause: "Pausar inscripciones", resume: "Reanudar inscripciones", archive: "Archivar", markVerified: "Marcar como verificado",
      "archive.confirm": "¿Archivar este grupo? Desaparece de la lista pública; sus inscripciones se conservan.",
      "status.active": "Activo", "status.full": "Lleno", "status.paused": "En pausa", archived: "Archivado",
      "verified.never": "Nunca verificado: revise esta información", "verified.on": "Verificado el {date}",
      "verified.stale": "Sin verificar hace más de {days} días: revise esta información",
      "verified.done": "Marcado como verificado hoy.",
      nextMeetings: "Próximas reuniones", noMeetings: "No hay reuniones programadas.",
      facilitators: "Lo dirigen", address: "Dirección", meetingUrl: "Enlace de la reunión", meetingPhone: "Teléfono de la reunión",
      viewSignups: "Inscripciones",
      "group.editTitle": "Editar {name}", "group.newTitle": "Grupo nuevo", "group.save": "Guardar el grupo",
      "group.public": "Información pública", "group.schedule": "Horario", "group.private": "Datos privados (solo personal e inscritos)",
      "f.id": "Identificador del grupo", "f.id.hint": "Minúsculas, dígitos y guiones; no se puede cambiar después.",
      "f.name": "Nombre", "f.program": "Programa", "f.program.hint": "En minúsculas con guiones bajos, como family_support.",
      "f.audience": "Para quién es", "f.audience.self": "Personas que viven con una condición", "f.audience.family": "Familiares y amigos",
      "f.audience.both": "Ambos", "f.description": "Descripción", "f.languages": "Idiomas",
      "f.languages.hint": "Códigos ISO separados por comas, como en, es.", "f.format": "Formato",
      "f.format.in_person": "En persona", "f.format.online": "Por internet", "f.format.hybrid": "Híbrido",
      "f.area": "Zona (aproximada, pública)", "f.accessibility": "Accesibilidad",
      "f.accessibility.hint": "Separadas por comas, como wheelchair, captions.", "f.status": "Inscripciones",
      "f.timezone": "Zona horaria", "f.timezone.hint": "Una zona IANA como America/Denver.",
      "f.rrule": "Regla de repetición", "f.rrule.hint": "Como FREQ=WEEKLY;BYDAY=TU o FREQ=MONTHLY;BYDAY=1TH,3TH.",
      "f.startDate": "Fecha de la primera reunión", "f.startTime": "Hora de inicio", "f.durationMinutes": "Duración en minutos",
      "f.exdates": "Fechas sin reunión", "f.exdates.hint": "AAAA-MM-DD, separadas por comas.",
      "f.capacity": "Lugares", "f.capacity.hint": "Déjelo vacío para no poner límite.",
      "f.requiresEmergencyContact": "Pedir un contacto de emergencia a quien se inscriba",
      "f.address": "Dirección", "f.meetingUrl": "Enlace de la reunión (https://)", "f.meetingPhone": "Teléfono de la reunión",
      "f.facilitatorName": "Nombre de quien facilita", "f.facilitatorEmail": "Correo de quien facilita",
      "f.notesForRegistrants": "Notas para quien se inscribe", "f.facilitatorUsernames": "Cuentas del personal que lo dirigen",
      "f.facilitatorUsernames.hint": "Usuarios separados por comas; ven este grupo y sus inscripciones.",
      "f.lastVerified": "Última verificación", "f.lastVerified.hint": "La fecha en que alguien confirmó que esta información es correcta.",
      "closures.title": "Cierres", "closures.lead": "Días sin reuniones (feriados). Se quitan de las próximas reuniones y calendarios de todos los grupos.",
      "closures.none": "No hay cierres.", "closures.add": "Agregar un cierre", date: "Fecha", name: "Nombre", remove: "Quitar",
      "closures.save": "Agregar el cierre",
      "signups.title": "Inscripciones", "signups.choose": "Grupo", "signups.show": "Mostrar inscripciones",
      "signups.for": "Inscripciones de {name}", "signups.none": "Este grupo no tiene inscripciones.",
      "signups.download": "Descargar CSV", "signups.more": "Mostrar más", "signups.count": "Se muestran {n}.",
      "signups.noGroups": "No tiene grupos para mostrar inscripciones.",
      "c.createdAt": "Fecha", "c.firstName": "Nombre", "c.email": "Correo", "c.phone": "Teléfono", "c.forWhom": "Para",
      "c.language": "Idioma", "c.status": "Lugar", "c.emailStatus": "Correo enviado",
      "erase.title": "Borrar una dirección",
      "erase.lead": "Borre todo lo que guardamos de una dirección de correo, en todos los grupos: para quien pide que la olvidemos.",
      email: "Correo electrónico", "erase.next": "Continuar", "erase.confirmTitle": "¿Borrar todo lo de esta dirección?",
      "erase.confirmLead": "Se borrarán todas las inscripciones de {email}, en todos los grupos. No se puede deshacer.",
      "erase.confirm": "Sí, borrar", "erase.done1": "Se borró 1 inscripción.", "erase.doneN": "Se borraron {n} inscripciones.",
      "erase.done0": "No había nada guardado para esa dirección.", "err.email": "Escriba la dirección de correo que quiere borrar.",
      "audit.title": "Auditoría", "audit.lead": "Quién hizo qué, lo más reciente primero.", "audit.older": "Registros anteriores",
      "a.at": "Cuándo", "a.principal": "Quién", "a.action": "Qué", "a.filters": "Detalles", "a.rowCount": "Filas",
      "staff.title": "Cuentas del personal", "staff.invite": "Invitar a alguien", "staff.inviteLead": "Recibe un correo con una contraseña temporal y elige la suya la primera vez que entra.",
      "staff.send": "Enviar la invitación", "staff.role": "Rol", "role.admins": "Administración", "role.facilitators": "Facilitación",
      "role.none": "Sin rol", "staff.status": "Estado", "staff.makeAdmin": "Dar rol de administración", "staff.makeFacilitator": "Dar rol de facilitación",
      "staff.removeConfirm": "¿Quitar la cuenta {username}? Ya no podrá entrar.",
      "staff.invited": "Invitación enviada a {username}.", "staff.removed": "Se quitó {username}.",
      "staff.changed": "{username} ahora tiene el rol: {role}.", "staff.you": "(usted)",
      "st.FORCE_CHANGE_PASSWORD": "Invitada, todavía no entró", "st.CONFIRMED": "Activa", "st.RESET_REQUIRED": "Debe restablecer la contraseña",
      "err.username.field": "Use minúsculas y dígitos, con puntos, guiones o guiones bajos entre ellos."
    }
  };

  var config = null;
  var session = null;      // {access, refresh, expiresAt, username, role}
  var challenge = null;    // {name, session, username}
  var lastActivity = Date.now();
  var lang = initialLanguage();
  var render = null;       // re-renders the current view (on a language change)
  var generation = 0;      // counts the person's moves (another view, the other language, signing out)
  var firstView = true;    // the page's first view leaves focus where the browser puts it (the skip link is first)

  function initialLanguage() {
    var match = /[?&]lang=(en|es)\b/.exec(window.location.search);
    if (match) { return match[1]; }
    var preferred = (navigator.languages && navigator.languages[0]) || navigator.language || "en";
    return preferred.toLowerCase().indexOf("es") === 0 ? "es" : "en";
  }

  function t(key, values) {
    var text = (TEXT[lang] && TEXT[lang][key]) || TEXT.en[key] || key;
    Object.keys(values || {}).forEach(function (name) { text = text.split("{" + name + "}").join(values[name]); });
    return text;
  }

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      var value = attributes[name];
      if (value === null || value === undefined || value === false) { return; }
      if (name === "text") { node.textContent = value; } else { node.setAttribute(name, value === true ? "" : value); }
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) { return; }
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function announce(text) {
    var live = document.getElementById("announce");
    live.textContent = "";
    window.setTimeout(function () { live.textContent = text; }, 50);
  }

  /* ---------- views ---------- */

  /**
   * Replaces the page's content with a view: one h1, focused (after the first view), so keyboard
   * and screen reader users start at its top.
   */
  function show(title, children, again) {
    render = again || null;
    var view = document.getElementById("view");
    view.textContent = "";
    var heading = el("h1", { id: "view-title", tabindex: "-1", text: title });
    view.appendChild(heading);
    children.forEach(function (child) { if (child) { view.appendChild(child); } });
    document.title = title + " · " + t("org");
    if (!firstView) { heading.focus(); }
    firstView = false;
    updateChrome();
  }

  function message(text, problem) {
    return el("p", { "class": problem ? "message problem" : "message", role: problem ? "alert" : null, text: text });
  }

  function updateChrome() {
    document.documentElement.lang = lang;
    document.querySelectorAll("[data-i18n]").forEach(function (node) {
      node.textContent = t(node.getAttribute("data-i18n"));
    });
    var toggle = document.getElementById("lang-toggle");
    toggle.hidden = false;
    toggle.textContent = "";
    toggle.appendChild(el("span", { lang: t("toggleLang"), text: t("toggle") }));
    document.getElementById("sign-out").hidden = !session;
    var nav = document.getElementById("nav");
    var links = document.getElementById("nav-links");
    links.textContent = "";
    nav.hidden = !session;
    if (!session) { return; }
    var current = (window.location.hash.replace(/^#/, "").split("/")[0]) || "groups";
    sections().forEach(function (section) {
      links.appendChild(el("li", {}, [el("a", { href: "#" + section, "aria-current": section === current ? "page" : null,
        text: t("nav." + section) })]));
    });
  }

  function sections() {
    return session.role === "admins" ? ["groups", "closures", "signups", "erase", "audit", "staff"] : ["groups", "signups"];
  }

  /* ---------- fields and errors ---------- */

  function field(id, label, input, hint) {
    var parts = [el("label", { "for": id, text: label })];
    if (hint) {
      parts.push(el("p", { "class": "hint", id: id + "-hint", text: hint }));
      input.setAttribute("aria-describedby", id + "-hint");
    }
    parts.push(input);
    return el("div", { "class": "field", "data-field-wrap": input.getAttribute("data-field") || id }, parts);
  }

  function input(id, type, attributes) {
    var a = { id: id, name: id, type: type };
    Object.keys(attributes || {}).forEach(function (k) { a[k] = attributes[k]; });
    return el("input", a);
  }

  function clearErrors(form) {
    form.querySelectorAll(".error, .error-summary").forEach(function (node) { node.remove(); });
    form.querySelectorAll("[aria-invalid]").forEach(function (node) {
      node.removeAttribute("aria-invalid");
      var hint = node.id + "-hint";
      node.setAttribute("aria-describedby", document.getElementById(hint) ? hint : "");
      if (!node.getAttribute("aria-describedby")) { node.removeAttribute("aria-describedby"); }
    });
  }

  /**
   * Shows problems field by field ({"schedule.rrule": "..."}, as the API names them) with a summary
   * linking to each, and moves focus to the summary. Messages from the API are in English.
   */
  function showErrors(form, errors, fromApi) {
    clearErrors(form);
    var list = el("ul");
    Object.keys(errors).forEach(function (name) {
      var target = form.querySelector("[data-field='" + name.replace(/'/g, "") + "']");
      var text = errors[name];
      var englishOnly = fromApi && lang !== "en";
      if (target) {
        var errorId = (target.id || name) + "-error";
        var error = el("p", { "class": "error", id: errorId }, englishOnly
          ? [t("err.fieldIn") + " ", el("span", { lang: "en", text: text })] : [text]);
        var wrap = target.closest(".field");
        wrap.insertBefore(error, target);
        target.setAttribute("aria-invalid", "true");
        target.setAttribute("aria-describedby", [errorId, target.getAttribute("aria-describedby")].filter(Boolean).join(" "));
        var label = wrap.querySelector("label, legend");
        list.appendChild(el("li", {}, [el("a", { href: "#" + target.id, "data-target": target.id },
          [label ? label.textContent + ": " : "", englishOnly ? el("span", { lang: "en", text: text }) : text])]));
      } else {
        list.appendChild(el("li", {}, [englishOnly ? el("span", { lang: "en", text: text }) : text]));
      }
    });
    var summary = el("div", { "class": "error-summary", tabindex: "-1", role: "alert" },
      [el("h2", { text: t("errorSummary") }), list]);
    summary.addEventListener("click", function (event) {
      var target = event.target.closest("a[data-target]");
      if (target) {
        event.preventDefault();
        document.getElementById(target.getAttribute("data-target")).focus();
      }
    });
    form.insertBefore(summary, form.firstChild);
    summary.focus();
  }

  function busy(button, text) {
    var before = button.textContent;
    button.disabled = true;
    button.textContent = text;
    return function () { button.disabled = false; button.textContent = before; };
  }

  /* ---------- Cognito ---------- */

  function cognito(operation, body) {
    return fetch(config.cognitoEndpoint, {
      method: "POST",
      headers: { "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "AWSCognitoIdentityProviderService." + operation },
      body: JSON.stringify(body),
      credentials: "omit",
      cache: "no-store"
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) {
          var type = String(data.__type || "").split("#").pop();
          throw { cognito: type, message: String(data.message || "") };
        }
        return data;
      });
    }, function () { throw { cognito: "Network" }; });
  }

  function signInProblem(error) {
    switch (error && error.cognito) {
      case "NotAuthorizedException":
        return /session/i.test(error.message) ? t("err.expired") : t("err.credentials");
      case "UserNotFoundException": return t("err.credentials");
      case "CodeMismatchException": case "EnableSoftwareTokenMFAException": return t("err.codeMismatch");
      case "InvalidPasswordException": return t("err.passwordPolicy");
      case "ExpiredCodeException": return t("err.expired");
      case "TooManyRequestsException": case "LimitExceededException": case "TooManyFailedAttemptsException": return t("err.tooMany");
      case "PasswordResetRequiredException": return t("err.reset");
      default: return t("err.network");
    }
  }

  function claims(token) {
    var part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    var text = atob(part + "===".slice((part.length + 3) % 4));
    return JSON.parse(decodeURIComponent(Array.prototype.map.call(text, function (c) {
      return "%" + ("00" + c.charCodeAt(0).toString(16)).slice(-2);
    }).join("")));
  }

  function signedIn(result, username) {
    var payload = claims(result.AccessToken);
    var groups = payload["cognito:groups"] || [];
    session = {
      access: result.AccessToken,
      refresh: result.RefreshToken || (session && session.refresh),
      expiresAt: Date.now() + (result.ExpiresIn || 1800) * 1000,
      username: payload.username || username,
      role: groups.indexOf("admins") >= 0 ? "admins" : groups.indexOf("facilitators") >= 0 ? "facilitators" : null
    };
    challenge = null;
    if (!session.role) {
      var refresh = session.refresh;
      session = null;
      revoke(refresh);
      showSignIn(t("signIn.noRole"), true);
      return;
    }
    lastActivity = Date.now();
    if (!window.location.hash || window.location.hash === "#sign-in") {
      window.location.hash = "#groups";
    } else {
      route();
    }
  }

  function next(result, username) {
    if (result.AuthenticationResult) {
      signedIn(result.AuthenticationResult, username);
      return;
    }
    challenge = { name: result.ChallengeName, session: result.Session, username: username };
    if (result.ChallengeName === "SOFTWARE_TOKEN_MFA") {
      showCode();
    } else if (result.ChallengeName === "NEW_PASSWORD_REQUIRED") {
      showNewPassword();
    } else if (result.ChallengeName === "MFA_SETUP") {
      cognito("AssociateSoftwareToken", { Session: result.Session }).then(function (associated) {
        challenge.session = associated.Session;
        showSetup(associated.SecretCode);
      }, function (error) { showSignIn(signInProblem(error), true); });
    } else {
      showSignIn(t("err.server"), true);
    }
  }

  function revoke(refresh) {
    if (refresh && config) {
      cognito("RevokeToken", { ClientId: config.clientId, Token: refresh }).catch(function () { /* it expires anyway */ });
    }
  }

  function signOut(reason) {
    var refresh = session && session.refresh;
    generation += 1;
    session = null;
    challenge = null;
    revoke(refresh);
    window.location.hash = "#sign-in";
    showSignIn(t(reason), false);
  }

  function refreshTokens() {
    return cognito("InitiateAuth", { AuthFlow: "REFRESH_TOKEN_AUTH", ClientId: config.clientId,
      AuthParameters: { REFRESH_TOKEN: session.refresh } }).then(function (result) {
      var updated = result.AuthenticationResult;
      session.access = updated.AccessToken;
      session.expiresAt = Date.now() + (updated.ExpiresIn || 1800) * 1000;
    });
  }

  function showSignIn(note, problem) {
    var username = input("username", "text", { autocomplete: "username", autocapitalize: "none", spellcheck: "false",
      "data-field": "username" });
    var password = input("password", "password", { autocomplete: "current-password", "data-field": "password" });
    var submit = el("button", { type: "submit", "class": "button", text: t("signIn.submit") });
    var form = el("form", { id: "sign-in-form", method: "post", novalidate: true }, [
      field("username", t("username"), username),
      field("password", t("password"), password),
      el("div", { "class": "actions" }, [submit])
    ]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var errors = {};
      if (!username.value.trim()) { errors.username = t("err.username"); }
      if (!password.value) { errors.password = t("err.password"); }
      if (Object.keys(errors).length) { showErrors(form, errors); return; }
      var done = busy(submit, t("signIn.busy"));
      var name = username.value.trim();
      cognito("InitiateAuth", { AuthFlow: "USER_PASSWORD_AUTH", ClientId: config.clientId,
        AuthParameters: { USERNAME: name, PASSWORD: password.value } }).then(function (result) {
        password.value = "";
        next(result, name);
      }, function (error) {
        done();
        password.value = "";
        showErrors(form, { password: signInProblem(error) });
      });
    });
    show(t("signIn.title"), [note ? message(note, problem) : null, el("p", { "class": "lead", text: t("signIn.lead") }), form],
      function () { showSignIn(note, problem); });
  }

  function codeInput() {
    return input("code", "text", { inputmode: "numeric", autocomplete: "one-time-code", pattern: "[0-9]*", maxlength: "6",
      "data-field": "code" });
  }

  function showCode() {
    var code = codeInput();
    var submit = el("button", { type: "submit", "class": "button", text: t("mfa.submit") });
    var form = el("form", { id: "code-form", method: "post", novalidate: true },
      [field("code", t("code"), code), el("div", { "class": "actions" }, [submit])]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var value = code.value.replace(/\s/g, "");
      if (!/^[0-9]{6}$/.test(value)) { showErrors(form, { code: t("err.code") }); return; }
      var done = busy(submit, t("signIn.busy"));
      cognito("RespondToAuthChallenge", { ChallengeName: "SOFTWARE_TOKEN_MFA", ClientId: config.clientId, Session: challenge.session,
        ChallengeResponses: { USERNAME: challenge.username, SOFTWARE_TOKEN_MFA_CODE: value } })
        .then(function (result) { next(result, challenge.username); }, function (error) {
          done();
          code.value = "";
          if (error.cognito === "NotAuthorizedException") { showSignIn(t("err.expired"), true); return; }
          showErrors(form, { code: signInProblem(error) });
        });
    });
    show(t("mfa.title"), [el("p", { "class": "lead", text: t("mfa.lead") }), form], showCode);
  }

  function showNewPassword() {
    var first = input("new-password", "password", { autocomplete: "new-password", "data-field": "newPassword" });
    var second = input("confirm-password", "password", { autocomplete: "new-password", "data-field": "confirmPassword" });
    var submit = el("button", { type: "submit", "class": "button", text: t("newPassword.submit") });
    var form = el("form", { id: "new-password-form", method: "post", novalidate: true }, [
      field("new-password", t("newPassword"), first, t("newPassword.rule")),
      field("confirm-password", t("confirmPassword"), second),
      el("div", { "class": "actions" }, [submit])
    ]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!first.value) { showErrors(form, { newPassword: t("err.passwordPolicy") }); return; }
      if (first.value !== second.value) { showErrors(form, { confirmPassword: t("err.match") }); return; }
      var done = busy(submit, t("saving"));
      cognito("RespondToAuthChallenge", { ChallengeName: "NEW_PASSWORD_REQUIRED", ClientId: config.clientId,
        Session: challenge.session, ChallengeResponses: { USERNAME: challenge.username, NEW_PASSWORD: first.value } })
        .then(function (result) {
          first.value = "";
          second.value = "";
          next(result, challenge.username);
        }, function (error) {
          done();
          if (error.cognito === "NotAuthorizedException") { showSignIn(t("err.expired"), true); return; }
          showErrors(form, { newPassword: signInProblem(error) });
        });
    });
    show(t("newPassword.title"), [el("p", { "class": "lead", text: t("newPassword.lead") }), form], showNewPassword);
  }

  function showSetup(secret) {
    var grouped = secret.replace(/(.{4})/g, "$1 ").trim();
    var label = encodeURIComponent(t("org") + ":" + challenge.username);
    var link = "otpauth://totp/" + label + "?secret=" + encodeURIComponent(secret) + "&issuer=" + encodeURIComponent(t("org"));
    var code = codeInput();
    var submit = el("button", { type: "submit", "class": "button", text: t("setup.submit") });
    var form = el("form", { id: "setup-form", method: "post", novalidate: true },
      [field("code", t("code"), code), el("div", { "class": "actions" }, [submit])]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var value = code.value.replace(/\s/g, "");
      if (!/^[0-9]{6}$/.test(value)) { showErrors(form, { code: t("err.code") }); return; }
      var done = busy(submit, t("signIn.busy"));
      cognito("VerifySoftwareToken", { Session: challenge.session, UserCode: value, FriendlyDeviceName: "authenticator" })
        .then(function (verified) {
          return cognito("RespondToAuthChallenge", { ChallengeName: "MFA_SETUP", ClientId: config.clientId,
            Session: verified.Session, ChallengeResponses: { USERNAME: challenge.username } });
        })
        .then(function (result) { next(result, challenge.username); }, function (error) {
          done();
          code.value = "";
          if (error.cognito === "NotAuthorizedException") { showSignIn(t("err.expired"), true); return; }
          showErrors(form, { code: signInProblem(error) });
        });
    });
    show(t("setup.title"), [
      el("p", { "class": "lead", text: t("setup.lead") }),
      el("p", { text: t("setup.key") }),
      el("p", { "class": "secret", id: "totp-secret", "data-secret": secret, text: grouped }),
      el("p", {}, [el("a", { href: link, text: t("setup.link") })]),
      form
    ], function () { showSetup(secret); });
  }

  /* ---------- the staff API ---------- */

  function apiUrl(path) {
    return new URL(path, document.baseURI).toString();
  }

  /**
   * A staff API call; resolves with {status, body, response}. A 401 refreshes the token once, then
   * signs out. An answer to a view the person has since left (or to a session since ended) is
   * dropped: it never replaces what they are looking at, and nothing is drawn after signing out.
   * A download (raw) still completes.
   */
  function call(method, path, body, raw) {
    var asked = generation;
    var attempt = function () {
      var headers = { Authorization: "Bearer " + session.access, Accept: raw ? "text/csv" : "application/json" };
      if (body !== undefined) { headers["Content-Type"] = "application/json"; }
      return fetch(apiUrl(path), { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body),
        credentials: "omit", cache: "no-store" });
    };
    var read = function (response) {
      if (raw && response.ok) { return response.text().then(function (text) { return { status: response.status, body: text, response: response }; }); }
      return response.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
        return { status: response.status, body: data, response: response };
      });
    };
    if (!session) { return Promise.reject({ signedOut: true }); }
    return attempt().then(function (response) {
      if (response.status !== 401 || !session.refresh) { return response; }
      return refreshTokens().then(attempt, function () { return response; });
    }).then(function (response) {
      if (!raw && asked !== generation) { return new Promise(function () { /* moved on: never settles */ }); }
      if (response.status === 401) {
        signOut("signIn.ended");
        throw { signedOut: true };
      }
      return read(response);
    });
  }

  function problemText(result) {
    var code = result && result.body && result.body.error && result.body.error.code;
    if (result && result.status === 403) { return t("err.forbidden"); }
    if (result && result.status === 404) { return t("err.notFound"); }
    if (result && result.status === 429) { return t("err.rateLimited"); }
    if (code === "invalid_request" && result.body.error.message) { return result.body.error.message; }
    return t("err.server");
  }

  /** Runs an API call for a view: a failure shows a calm message in place of the view's content. */
  function load(title, promise, draw, again) {
    show(title, [el("p", { text: t("loading") })], again);
    promise.then(function (result) {
      if (result.status >= 200 && result.status < 300) {
        draw(result.body);
      } else {
        show(title, [message(problemText(result), true)], again);
      }
    }, function (error) {
      if (!error || !error.signedOut) { show(title, [message(t("err.server"), true)], again); }
    });
  }

  function table(caption, columns, rows) {
    var head = el("tr", {}, columns.map(function (column) { return el("th", { scope: "col", text: column.label }); }));
    var body = el("tbody", {}, rows.map(function (row) {
      return el("tr", {}, columns.map(function (column) {
        var value = column.value(row);
        return el("td", { "data-label": column.label }, [value === null || value === undefined ? "" : value]);
      }));
    }));
    return el("table", { "class": "data" }, [el("caption", { text: caption }), el("thead", {}, [head]), body]);
  }

  /* ---------- groups ---------- */

  function today() {
    var now = new Date();
    return now.getFullYear() + "-" + String(now.getMonth() + 1).padStart(2, "0") + "-" + String(now.getDate()).padStart(2, "0");
  }

  function verification(group) {
    if (!group.lastVerified) { return el("span", { "class": "badge warn", text: t("verified.never") }); }
    var age = (Date.parse(today()) - Date.parse(group.lastVerified)) / 86400000;
    if (age > STALE_DAYS) { return el("span", { "class": "badge warn", text: t("verified.stale", { days: STALE_DAYS }) }); }
    return el("span", { "class": "badge", text: t("verified.on", { date: group.lastVerified }) });
  }

  function meetingText(meeting, timezone) {
    var start = new Date(meeting.start);
    var day = new Intl.DateTimeFormat(lang, { timeZone: timezone, weekday: "long", month: "long", day: "numeric",
      hour: "numeric", minute: "2-digit", timeZoneName: "short" });
    return day.format(start);
  }

  function showGroups() {
    load(t("groups.title"), call("GET", "staff/groups"), function (data) {
      var groups = data.groups || [];
      var admin = session.role === "admins";
      var list = el("ul", { "class": "group-list", id: "group-list" }, groups.map(function (group) { return groupCard(group, admin); }));
      show(t("groups.title"), [
        admin ? el("div", { "class": "actions" }, [el("a", { "class": "button", href: "#groups/new", id: "new-group", text: t("groups.new") })])
          : el("p", { "class": "lead", text: t("groups.mine") }),
        groups.length ? list : el("p", { text: t("groups.none") })
      ], showGroups);
    }, showGroups);
  }

  function groupCard(group, admin) {
    var headingId = "g-" + group.id;
    var facts = el("ul", { "class": "facts" }, [
      el("li", { text: group.archived ? t("archived") : t("status." + group.status) }),
      el("li", {}, [verification(group)])
    ]);
    var details = el("ul", { "class": "meetings" }, (group.nextMeetings || []).map(function (meeting) {
      return el("li", {}, [el("time", { datetime: meeting.start, text: meetingText(meeting, group.schedule.timezone) })]);
    }));
    var privateFacts = el("dl", { "class": "private" }, []);
    [["address", group.address], ["meetingUrl", group.meetingUrl], ["meetingPhone", group.meetingPhone],
      ["facilitators", (group.facilitatorUsernames || []).join(", ")]].forEach(function (pair) {
      if (pair[1]) {
        privateFacts.appendChild(el("dt", { text: t(pair[0]) }));
        privateFacts.appendChild(el("dd", { text: pair[1] }));
      }
    });
    var actions = el("div", { "class": "actions" }, [
      el("a", { href: "#signups/" + encodeURIComponent(group.id), "class": "button secondary" },
        [t("viewSignups"), el("span", { "class": "visually-hidden", text: ": " + group.name })])
    ]);
    if (admin) {
      actions.appendChild(el("a", { href: "#groups/" + encodeURIComponent(group.id), "class": "button secondary",
        "data-edit": group.id }, [t("edit"), el("span", { "class": "visually-hidden", text: ": " + group.name })]));
      if (!group.archived) {
        actions.appendChild(groupButton(group, group.status === "paused" ? "resume" : "pause", function () {
          return putGroup(group, { status: group.status === "paused" ? "active" : "paused" });
        }));
        actions.appendChild(groupButton(group, "markVerified", function () {
          return putGroup(group, { lastVerified: today() }).then(function (result) {
            if (result.status < 300) { announce(t("verified.done")); }
            return result;
          });
        }));
        actions.appendChild(groupButton(group, "archive", function () {
          if (!window.confirm(t("archive.confirm"))) { return Promise.resolve(null); }
          return call("DELETE", "staff/groups/" + encodeURIComponent(group.id));
        }));
      }
    }
    return el("li", { "class": "group", "aria-labelledby": headingId, "data-group": group.id }, [
      el("h2", { id: headingId, text: group.name }),
      facts,
      el("h3", { "class": "visually-hidden", text: t("nextMeetings") }),
      (group.nextMeetings || []).length ? details : el("p", { text: t("noMeetings") }),
      privateFacts.childNodes.length ? privateFacts : null,
      actions
    ]);
  }

  function groupButton(group, action, run) {
    var button = el("button", { type: "button", "class": "button secondary", "data-action": action, "data-group": group.id },
      [t(action), el("span", { "class": "visually-hidden", text: ": " + group.name })]);
    button.addEventListener("click", function () {
      run().then(function (result) {
        if (!result) { return; }
        if (result.status >= 300) { window.alert(problemText(result)); return; }
        showGroups();
      }, function () { /* signed out */ });
    });
    return button;
  }

  /** The group as staff PUT it back: every field it has, changed as asked (read-only ones left out). */
  function putGroup(group, changes) {
    var body = {};
    Object.keys(group).forEach(function (key) {
      if (["nextMeetings", "updatedAt", "id"].indexOf(key) < 0) { body[key] = group[key]; }
    });
    Object.keys(changes).forEach(function (key) { body[key] = changes[key]; });
    return call("PUT", "staff/groups/" + encodeURIComponent(group.id), body);
  }

  var GROUP_FIELDS = [
    { section: "group.public" },
    { name: "name", type: "text" }, { name: "program", type: "text", hint: true },
    { name: "audience", type: "select", options: ["self", "family", "both"] },
    { name: "description", type: "textarea" }, { name: "languages", type: "list", hint: true },
    { name: "format", type: "select", options: ["in_person", "online", "hybrid"] },
    { name: "area", type: "text" }, { name: "accessibility", type: "list", hint: true },
    { name: "status", type: "select", options: ["active", "full", "paused"], labels: "status." },
    { name: "lastVerified", type: "date", hint: true },
    { section: "group.schedule" },
    { name: "schedule.timezone", type: "text", hint: true }, { name: "schedule.rrule", type: "text", hint: true },
    { name: "schedule.startDate", type: "date" }, { name: "schedule.startTime", type: "time" },
    { name: "schedule.durationMinutes", type: "number" }, { name: "schedule.exdates", type: "list", hint: true },
    { section: "group.private" },
    { name: "capacity", type: "number", hint: true }, { name: "requiresEmergencyContact", type: "checkbox" },
    { name: "address", type: "textarea" }, { name: "meetingUrl", type: "url" }, { name: "meetingPhone", type: "tel" },
    { name: "facilitatorName", type: "text" }, { name: "facilitatorEmail", type: "email" },
    { name: "notesForRegistrants", type: "textarea" }, { name: "facilitatorUsernames", type: "list", hint: true }
  ];

  function valueAt(group, path) {
    return path.split(".").reduce(function (value, key) { return value === null || value === undefined ? undefined : value[key]; }, group);
  }

  function groupFormField(spec, group) {
    var id = "g-" + spec.name.replace(/\./g, "-");
    var key = "f." + spec.name.split(".").pop();
    var value = group ? valueAt(group, spec.name) : undefined;
    var control;
    if (spec.type === "select") {
      control = el("select", { id: id, name: spec.name, "data-field": spec.name }, spec.options.map(function (option) {
        return el("option", { value: option, selected: value === option,
          text: t(spec.labels ? spec.labels + option : key + "." + option) });
      }));
    } else if (spec.type === "textarea") {
      control = el("textarea", { id: id, name: spec.name, "data-field": spec.name, rows: "3" });
      control.value = value || "";
    } else if (spec.type === "checkbox") {
      control = input(id, "checkbox", { "data-field": spec.name, checked: value === true });
      return el("div", { "class": "field choice", "data-field-wrap": spec.name }, [control, el("label", { "for": id, text: t(key) })]);
    } else {
      control = input(id, spec.type === "list" ? "text" : spec.type, { "data-field": spec.name });
      control.value = value === undefined || value === null ? "" : spec.type === "list" ? value.join(", ") : String(value);
    }
    return field(id, t(key), control, spec.hint ? t(key + ".hint") : null);
  }

  /** The form's values as the API takes a group: empty optional fields left out, lists split, numbers parsed. */
  function groupBody(form, original) {
    var body = {};
    if (original && original.archived !== undefined) { body.archived = original.archived; }
    GROUP_FIELDS.forEach(function (spec) {
      if (!spec.name) { return; }
      var control = form.querySelector("[data-field='" + spec.name + "']");
      var value;
      if (spec.type === "checkbox") {
        value = control.checked;
      } else if (spec.type === "list") {
        value = control.value.split(",").map(function (item) { return item.trim(); }).filter(Boolean);
        if (!value.length && spec.name !== "schedule.exdates" && spec.name !== "accessibility"
          && spec.name !== "facilitatorUsernames" && spec.name !== "languages") { value = undefined; }
      } else if (spec.type === "number") {
        value = control.value.trim() === "" ? undefined : Number(control.value);
      } else {
        value = control.value.trim() === "" ? undefined : control.value.trim();
      }
      if (value === undefined) { return; }
      var path = spec.name.split(".");
      var target = body;
      for (var i = 0; i < path.length - 1; i++) { target = target[path[i]] = target[path[i]] || {}; }
      target[path[path.length - 1]] = value;
    });
    if (!body.schedule) { body.schedule = {}; }
    return body;
  }

  function showGroupForm(groupId) {
    var isNew = groupId === "new";
    var title = isNew ? t("group.newTitle") : t("group.editTitle", { name: groupId });
    var again = function () { showGroupForm(groupId); };
    var draw = function (group) {
      if (group) { title = t("group.editTitle", { name: group.name }); }
      var submit = el("button", { type: "submit", "class": "button", text: t("group.save") });
      var children = [];
      if (isNew) {
        children.push(field("g-id", t("f.id"), input("g-id", "text", { "data-field": "id", autocapitalize: "none" }), t("f.id.hint")));
      }
      var fieldset = null;
      GROUP_FIELDS.forEach(function (spec) {
        if (spec.section) {
          fieldset = el("fieldset", { "class": "panel" }, [el("legend", { text: t(spec.section) })]);
          children.push(fieldset);
        } else {
          fieldset.appendChild(groupFormField(spec, group));
        }
      });
      children.push(el("div", { "class": "actions" }, [submit, el("a", { href: "#groups", text: t("cancel") })]));
      var form = el("form", { id: "group-form", method: "post", novalidate: true }, children);
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var id = isNew ? form.querySelector("[data-field='id']").value.trim() : groupId;
        if (isNew && !id) { showErrors(form, { id: t("f.id.hint") }); return; }
        var done = busy(submit, t("saving"));
        call("PUT", "staff/groups/" + encodeURIComponent(id), groupBody(form, group)).then(function (result) {
          done();
          if (result.status === 200 || result.status === 201) {
            announce(t("saved"));
            window.location.hash = "#groups";
          } else if (result.status === 400 && result.body && result.body.error && result.body.error.fields) {
            showErrors(form, result.body.error.fields, true);
          } else {
            showErrors(form, { form: problemText(result) });
          }
        }, function () { /* signed out */ });
      });
      show(title, [form], again);
    };
    if (isNew) {
      draw(null);
      return;
    }
    load(title, call("GET", "staff/groups"), function (data) {
      var group = (data.groups || []).filter(function (g) { return g.id === groupId; })[0];
      if (!group) { show(title, [message(t("err.notFound"), true)], again); return; }
      draw(group);
    }, again);
  }

  /* ---------- closures ---------- */

  function showClosures() {
    load(t("closures.title"), call("GET", "staff/closures"), function (data) {
      var closures = data.closures || [];
      var date = input("closure-date", "date", { "data-field": "date" });
      var name = input("closure-name", "text", { "data-field": "name", maxlength: "100" });
      var submit = el("button", { type: "submit", "class": "button", text: t("closures.save") });
      var form = el("form", { id: "closure-form", method: "post", novalidate: true, "class": "panel" }, [
        el("h2", { text: t("closures.add") }),
        field("closure-date", t("date"), date), field("closure-name", t("name") + " " + t("optional"), name),
        el("div", { "class": "actions" }, [submit])
      ]);
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        if (!date.value) { showErrors(form, { date: t("date") }); return; }
        var body = name.value.trim() ? { name: name.value.trim() } : {};
        var done = busy(submit, t("saving"));
        call("PUT", "staff/closures/" + encodeURIComponent(date.value), body).then(function (result) {
          done();
          if (result.status < 300) { announce(t("saved")); showClosures(); } else if (result.body && result.body.error && result.body.error.fields) {
            showErrors(form, result.body.error.fields, true);
          } else { showErrors(form, { form: problemText(result) }); }
        }, function () { /* signed out */ });
      });
      var rows = table(t("closures.title"), [
        { label: t("date"), value: function (c) { return c.date; } },
        { label: t("name"), value: function (c) { return c.name || ""; } },
        { label: t("remove"), value: function (c) {
          var button = el("button", { type: "button", "class": "button secondary", "data-remove": c.date },
            [t("remove"), el("span", { "class": "visually-hidden", text: ": " + c.date })]);
          button.addEventListener("click", function () {
            call("DELETE", "staff/closures/" + encodeURIComponent(c.date)).then(function () { showClosures(); }, function () { /* signed out */ });
          });
          return button;
        } }
      ], closures);
      show(t("closures.title"), [el("p", { "class": "lead", text: t("closures.lead") }),
        closures.length ? rows : el("p", { text: t("closures.none") }), form], showClosures);
    }, showClosures);
  }

  /* ---------- sign-ups ---------- */

  function showSignups(groupId) {
    var again = function () { showSignups(groupId); };
    load(t("signups.title"), call("GET", "staff/groups"), function (data) {
      var groups = (data.groups || []);
      var select = el("select", { id: "signups-group", "data-field": "groupId" }, groups.map(function (group) {
        return el("option", { value: group.id, selected: group.id === groupId, text: group.name });
      }));
      var chooser = el("form", { id: "signups-choose", method: "post", novalidate: true }, [
        field("signups-group", t("signups.choose"), select),
        el("div", { "class": "actions" }, [el("button", { type: "submit", "class": "button secondary", text: t("signups.show") })])
      ]);
      chooser.addEventListener("submit", function (event) {
        event.preventDefault();
        window.location.hash = "#signups/" + encodeURIComponent(select.value);
      });
      if (!groups.length) { show(t("signups.title"), [el("p", { text: t("signups.noGroups") })], again); return; }
      if (!groupId) { show(t("signups.title"), [chooser], again); return; }
      var group = groups.filter(function (g) { return g.id === groupId; })[0];
      var title = t("signups.for", { name: group ? group.name : groupId });
      var area = el("div", { id: "signups-area" }, [el("p", { text: t("loading") })]);
      show(title, [chooser, area], again);
      var rows = [];
      var page = function (cursor) {
        var path = "staff/signups?format=json&limit=1000&groupId=" + encodeURIComponent(groupId)
          + (cursor ? "&cursor=" + encodeURIComponent(cursor) : "");
        call("GET", path).then(function (result) {
          if (result.status !== 200) { area.textContent = ""; area.appendChild(message(problemText(result), true)); return; }
          rows = rows.concat(result.body.signups || []);
          drawSignups(area, groupId, rows, result.body.nextCursor, page);
        }, function () { /* signed out */ });
      };
      page(null);
    }, again);
  }

  function drawSignups(area, groupId, rows, nextCursor, page) {
    area.textContent = "";
    var download = el("button", { type: "button", "class": "button", id: "download-csv", text: t("signups.download") });
    download.addEventListener("click", function () { downloadCsv(groupId, download); });
    area.appendChild(el("div", { "class": "actions" }, [download]));
    if (!rows.length) { area.appendChild(el("p", { text: t("signups.none") })); return; }
    area.appendChild(table(t("signups.count", { n: rows.length }), ["createdAt", "firstName", "email", "phone", "forWhom",
      "language", "status", "emailStatus"].map(function (column) {
      return { label: t("c." + column), value: function (row) { return row[column]; } };
    }), rows));
    if (nextCursor) {
      var more = el("button", { type: "button", "class": "button secondary", text: t("signups.more") });
      more.addEventListener("click", function () { page(nextCursor); });
      area.appendChild(more);
    }
  }

  /** Every page of the group's CSV export, joined under one header row, saved as the API names it. */
  function downloadCsv(groupId, button) {
    var done = busy(button, t("loading"));
    var parts = [];
    var filename = "signups-" + groupId + ".csv";
    var page = function (path) {
      return call("GET", path, undefined, true).then(function (result) {
        if (result.status !== 200) { throw result; }
        var text = result.body;
        parts.push(parts.length ? text.slice(text.indexOf("\r\n") + 2) : text);
        var disposition = /filename="([^"]+)"/.exec(result.response.headers.get("Content-Disposition") || "");
        if (disposition) { filename = disposition[1]; }
        var link = /<([^>]+)>;\s*rel="next"/.exec(result.response.headers.get("Link") || "");
        return link ? page(link[1].replace(/^\//, "")) : null;
      });
    };
    page("staff/signups?format=csv&limit=5000&groupId=" + encodeURIComponent(groupId)).then(function () {
      done();
      var blob = new Blob(parts, { type: "text/csv;charset=utf-8" });
      var url = URL.createObjectURL(blob);
      var a = el("a", { href: url, download: filename, hidden: true });
      document.body.appendChild(a);
      a.click();
      a.remove();
      window.setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
    }, function (result) {
      done();
      if (result && result.signedOut) { return; }
      window.alert(problemText(result));
    });
  }

  /* ---------- erase ---------- */

  function showErase(note) {
    var email = input("erase-email", "email", { autocomplete: "off", "data-field": "email" });
    var submit = el("button", { type: "submit", "class": "button", text: t("erase.next") });
    var form = el("form", { id: "erase-form", method: "post", novalidate: true },
      [field("erase-email", t("email"), email), el("div", { "class": "actions" }, [submit])]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var address = email.value.trim();
      if (!address || address.indexOf("@") < 1) { showErrors(form, { email: t("err.email") }); return; }
      showEraseConfirm(address);
    });
    show(t("erase.title"), [note || null, el("p", { "class": "lead", text: t("erase.lead") }), form], function () { showErase(note); });
  }

  function showEraseConfirm(address) {
    var yes = el("button", { type: "button", "class": "button", id: "erase-confirm", text: t("erase.confirm") });
    var no = el("button", { type: "button", "class": "button secondary", id: "erase-cancel", text: t("cancel") });
    yes.addEventListener("click", function () {
      var done = busy(yes, t("loading"));
      call("DELETE", "staff/signups?email=" + encodeURIComponent(address)).then(function (result) {
        done();
        if (result.status !== 200) { showErase(message(problemText(result), true)); return; }
        var n = result.body.erased;
        showErase(message(n === 0 ? t("erase.done0") : n === 1 ? t("erase.done1") : t("erase.doneN", { n: n }), false));
      }, function () { /* signed out */ });
    });
    no.addEventListener("click", function () { showErase(); });
    show(t("erase.confirmTitle"), [el("p", { "class": "lead" }, [t("erase.confirmLead", { email: "\u2068" + address + "\u2069" })]),
      el("div", { "class": "actions" }, [yes, no])], function () { showEraseConfirm(address); });
  }

  /* ---------- audit ---------- */

  function showAudit() {
    var records = [];
    var again = showAudit;
    var page = function (cursor) {
      call("GET", "staff/audit?limit=50" + (cursor ? "&cursor=" + encodeURIComponent(cursor) : "")).then(function (result) {
        if (result.status !== 200) { show(t("audit.title"), [message(problemText(result), true)], again); return; }
        records = records.concat(result.body.records || []);
        var children = [el("p", { "class": "lead", text: t("audit.lead") }), table(t("audit.title"), [
          { label: t("a.at"), value: function (r) { return r.at; } },
          { label: t("a.principal"), value: function (r) { return r.principal; } },
          { label: t("a.action"), value: function (r) { return r.action; } },
          { label: t("a.filters"), value: function (r) {
            return Object.keys(r.filters || {}).map(function (k) { return k + "=" + r.filters[k]; }).join(", ");
          } },
          { label: t("a.rowCount"), value: function (r) { return String(r.rowCount); } }
        ], records)];
        if (result.body.nextCursor) {
          var older = el("button", { type: "button", "class": "button secondary", text: t("audit.older") });
          older.addEventListener("click", function () { page(result.body.nextCursor); });
          children.push(older);
        }
        show(t("audit.title"), children, again);
      }, function () { /* signed out */ });
    };
    show(t("audit.title"), [el("p", { text: t("loading") })], again);
    page(null);
  }

  /* ---------- staff accounts ---------- */

  function showStaff(note) {
    var again = function () { showStaff(note); };
    load(t("staff.title"), call("GET", "staff/users"), function (data) {
      var users = data.users || [];
      var list = table(t("staff.title"), [
        { label: t("username"), value: function (u) { return u.username + (u.username === session.username ? " " + t("staff.you") : ""); } },
        { label: t("email"), value: function (u) { return u.email || ""; } },
        { label: t("staff.role"), value: function (u) { return t(u.role ? "role." + u.role : "role.none"); } },
        { label: t("staff.status"), value: function (u) { return t("st." + u.status); } },
        { label: t("edit"), value: function (u) {
          if (u.username === session.username) { return ""; }
          var change = u.role === "admins" ? "facilitators" : "admins";
          var role = el("button", { type: "button", "class": "button secondary", "data-role-for": u.username },
            [t(change === "admins" ? "staff.makeAdmin" : "staff.makeFacilitator"),
              el("span", { "class": "visually-hidden", text: ": " + u.username })]);
          role.addEventListener("click", function () {
            call("PUT", "staff/users/" + encodeURIComponent(u.username), { email: u.email, role: change }).then(function (result) {
              showStaff(message(result.status < 300 ? t("staff.changed", { username: u.username, role: t("role." + change) })
                : problemText(result), result.status >= 300));
            }, function () { /* signed out */ });
          });
          var remove = el("button", { type: "button", "class": "button secondary", "data-remove-user": u.username },
            [t("remove"), el("span", { "class": "visually-hidden", text: ": " + u.username })]);
          remove.addEventListener("click", function () {
            if (!window.confirm(t("staff.removeConfirm", { username: u.username }))) { return; }
            call("DELETE", "staff/users/" + encodeURIComponent(u.username)).then(function (result) {
              showStaff(message(result.status < 300 ? t("staff.removed", { username: u.username }) : problemText(result),
                result.status >= 300));
            }, function () { /* signed out */ });
          });
          return el("div", { "class": "actions" }, [role, remove]);
        } }
      ], users);
      var username = input("invite-username", "text", { "data-field": "username", autocapitalize: "none", spellcheck: "false" });
      var email = input("invite-email", "email", { "data-field": "email", autocomplete: "off" });
      var role = el("select", { id: "invite-role", "data-field": "role" }, ["facilitators", "admins"].map(function (r) {
        return el("option", { value: r, text: t("role." + r) });
      }));
      var submit = el("button", { type: "submit", "class": "button", text: t("staff.send") });
      var form = el("form", { id: "invite-form", method: "post", novalidate: true, "class": "panel" }, [
        el("h2", { text: t("staff.invite") }), el("p", { text: t("staff.inviteLead") }),
        field("invite-username", t("username"), username, t("err.username.field")),
        field("invite-email", t("email"), email), field("invite-role", t("staff.role"), role),
        el("div", { "class": "actions" }, [submit])
      ]);
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var name = username.value.trim();
        if (!name) { showErrors(form, { username: t("err.username.field") }); return; }
        var done = busy(submit, t("saving"));
        call("PUT", "staff/users/" + encodeURIComponent(name), { email: email.value.trim(), role: role.value }).then(function (result) {
          done();
          if (result.status === 201 || result.status === 200) {
            showStaff(message(t("staff.invited", { username: name }), false));
          } else if (result.body && result.body.error && result.body.error.fields) {
            showErrors(form, result.body.error.fields, true);
          } else { showErrors(form, { form: problemText(result) }); }
        }, function () { /* signed out */ });
      });
      show(t("staff.title"), [note || null, list, form], again);
    }, again);
  }

  /* ---------- routing, idleness, start ---------- */

  function route() {
    generation += 1;
    if (!config) { return; }
    if (!session) {
      if (challenge) { return; }
      showSignIn(null, false);
      return;
    }
    var parts = window.location.hash.replace(/^#/, "").split("/").map(decodeURIComponent);
    var section = sections().indexOf(parts[0]) >= 0 ? parts[0] : "groups";
    switch (section) {
      case "closures": showClosures(); break;
      case "signups": showSignups(parts[1] || null); break;
      case "erase": showErase(); break;
      case "audit": showAudit(); break;
      case "staff": showStaff(); break;
      default:
        if (parts[1] && session.role === "admins") { showGroupForm(parts[1]); } else { showGroups(); }
    }
  }

  function watchActivity() {
    ["keydown", "pointerdown", "click", "input"].forEach(function (type) {
      document.addEventListener(type, function () { lastActivity = Date.now(); }, true);
    });
    window.setInterval(function () {
      if (!session && !challenge) { return; }
      if (Date.now() - lastActivity > IDLE_MINUTES * 60000) {
        signOut("signIn.idle");
      } else if (session && session.expiresAt - Date.now() < 120000 && session.refresh) {
        refreshTokens().catch(function () { /* the next call signs out if it must */ });
      }
    }, 5000);
  }

  function start() {
    document.getElementById("lang-toggle").addEventListener("click", function () {
      lang = lang === "en" ? "es" : "en";
      generation += 1;
      updateChrome();
      if (render) { render(); }
    });
    document.getElementById("sign-out").addEventListener("click", function () { signOut("signIn.out"); });
    // Signed out, the sign-in form stays as it is (with any note on why), whatever the address says.
    window.addEventListener("hashchange", function () { if (session) { route(); } });
    watchActivity();
    updateChrome();
    fetch(apiUrl("console/config.json"), { cache: "no-store", credentials: "omit" })
      .then(function (response) { if (!response.ok) { throw response; } return response.json(); })
      .then(function (loaded) {
        config = loaded;
        config.cognitoEndpoint = new URL(loaded.cognitoEndpoint, document.baseURI).toString();
        route();
      }, function () { show(t("signIn.title"), [message(t("err.network"), true)], null); });
  }

  start();
}());
