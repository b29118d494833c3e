package org.peersupport.sendconfirmation;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Renders the confirm request (templates {@code confirm-request*.{en,es}.*}): the organisation's
 * name and a confirm link, and nothing about the group or what it is for — subject and body alike —
 * because anyone can type any address into a sign-up form. Nothing the person typed goes into it,
 * not even their first name.
 */
public final class ConfirmRequestRenderer {
    private final String orgName;
    private final String publicBaseUrl;
    private final Map<String, Template[]> templates = new HashMap<>();

    public ConfirmRequestRenderer(String orgName, String publicBaseUrl) {
        this.orgName = orgName;
        this.publicBaseUrl = publicBaseUrl;
        Mustache.Compiler text = Mustache.compiler().escapeHTML(false).strictSections(true);
        Mustache.Compiler html = Mustache.compiler().escapeHTML(true).strictSections(true)
                .withLoader(ConfirmationRenderer::resource);
        for (String lang : ConfirmationRenderer.LANGUAGES) {
            templates.put(lang, new Template[] {
                ConfirmationRenderer.load(text, "confirm-request-subject." + lang + ".txt"),
                ConfirmationRenderer.load(text, "confirm-request." + lang + ".txt"),
                ConfirmationRenderer.load(html, "confirm-request." + lang + ".html")});
        }
    }

    public String confirmUrl(String token) {
        return publicBaseUrl + "/signups/confirm?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    public ConfirmationRenderer.Rendered render(String language, String confirmToken) {
        String lang = ConfirmationRenderer.language(language);
        Template[] t = templates.get(lang);
        Map<String, Object> model = new HashMap<>();
        model.put("lang", lang);
        model.put("orgName", orgName);
        model.put("confirmUrl", confirmUrl(confirmToken));
        String subject = t[0].execute(model).strip();
        model.put("subject", subject);
        return new ConfirmationRenderer.Rendered(subject, t[1].execute(model), t[2].execute(model));
    }
}
