package org.peersupport.shared.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import org.peersupport.shared.Env;

/**
 * Small server-rendered pages for people using a plain HTML form (no JavaScript): one stylesheet,
 * no scripts, no images, every value HTML-escaped, and headers that keep them out of caches,
 * frames and other sites' referrer logs.
 */
public final class Html {
    public static final String CONTENT_TYPE = "text/html; charset=utf-8";

    // Long words and addresses wrap anywhere rather than run off a small screen at large text sizes.
    private static final String STYLE = "body{font-family:system-ui,sans-serif;line-height:1.5;max-width:40rem;"
            + "margin:2rem auto;padding:0 1rem;color:#1b1b1b;overflow-wrap:anywhere}"
            + "ul{padding-left:1.25rem}"
            + "a{color:#1d4f91}"
            + ".error-summary{border:4px solid #b3261e;padding:1rem;margin:1rem 0}"
            + ".error{color:#b3261e;font-weight:bold;display:block}"
            + "label,legend{font-weight:bold;display:block;margin-top:1rem}"
            + "input[type=text],input[type=email],input[type=tel],select{font-size:1rem;padding:.4rem;width:100%;"
            + "max-width:24rem;min-height:2.75rem;box-sizing:border-box}"
            + "input[type=radio],input[type=checkbox]{width:1.5rem;height:1.5rem;vertical-align:middle;margin:0 .5rem 0 0}"
            + ".choice{margin:.5rem 0}.choice label{display:inline;font-weight:normal}"
            + "button{font-size:1rem;min-height:2.75rem;padding:.6rem 1.2rem;margin-top:1.5rem}"
            + "header{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.25rem 1rem;align-items:center;"
            + "border-bottom:1px solid #8a8a8a;padding-bottom:.5rem;margin-bottom:1rem}"
            + "header a,.back a{display:inline-block;min-height:1.5rem;padding:.25rem 0}"
            + ".org{font-weight:bold;margin:0}.crisis{margin:0}"
            + "footer{margin-top:3rem;font-size:.9rem}";
    private static final String STYLE_HASH = "'sha256-" + sha256(STYLE) + "'";

    private Html() {
    }

    /**
     * Who a page comes from, and the way back to them: the organisation's name, as its emails and
     * calendars give it, and its website's home page.
     */
    public record Site(String orgName, String homeUrl) {
        /** From {@code ORG_NAME}, and the site {@code GROUP_PAGE_URL} is on. */
        public static Site from(Env env) {
            return new Site(env.required("ORG_NAME"), env.siteRoot("GROUP_PAGE_URL"));
        }
    }

    /**
     * The crisis line every page ends with, in {@code lang} (English or Spanish), with numbers a
     * phone can call or text from the page: the people who reach these pages may be having a very
     * hard day.
     */
    static String crisisFooter(String lang) {
        return Languages.SPANISH.equals(lang)
                ? "<p>Si está en crisis, <a href=\"tel:988\">llame</a> o <a href=\"sms:988\">envíe un mensaje de "
                        + "texto</a> al 988 (Línea de Prevención del Suicidio y Crisis). En una emergencia, llame al "
                        + "<a href=\"tel:911\">911</a>.</p>"
                : "<p>If you are in crisis, <a href=\"tel:988\">call</a> or <a href=\"sms:988\">text</a> 988 (Suicide "
                        + "&amp; Crisis Lifeline). In an emergency, call <a href=\"tel:911\">911</a>.</p>";
    }

    /** The top of every page: the organisation's name, leading home, and the short crisis line. */
    static String header(Site site, String lang) {
        boolean spanish = Languages.SPANISH.equals(lang);
        return "<header>\n<p class=\"org\"><a href=\"" + escape(site.homeUrl()) + "\">" + escape(site.orgName())
                + "</a></p>\n<p class=\"crisis\">" + (spanish
                        ? "¿En crisis? <a href=\"tel:988\">Llame</a> o <a href=\"sms:988\">envíe un texto</a> al 988"
                        : "In crisis? <a href=\"tel:988\">Call</a> or <a href=\"sms:988\">text</a> 988")
                + "</p>\n</header>\n";
    }

    /** The way back, under every page's content. */
    static String back(Site site, String lang) {
        return "<p class=\"back\"><a href=\"" + escape(site.homeUrl()) + "\">"
                + (Languages.SPANISH.equals(lang) ? "Volver a " : "Back to ")
                + escape(site.orgName()) + "</a></p>\n";
    }

    /** Text made safe for HTML element content and quoted attribute values. */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * A whole page: {@code lang} on the root, a title, a header with the organisation's name and
     * the crisis line, the body inside {@code <main>}, the way back, and the crisis footer.
     *
     * @param bodyHtml    markup the caller has built with {@link #escape} for every value
     * @param formTargets origins, besides the page's own, that its forms may post to or be
     *                    redirected to (CSP {@code form-action} also governs redirects)
     */
    public static APIGatewayV2HTTPResponse page(Site site, int status, String lang, String title, String bodyHtml,
                                                String... formTargets) {
        String html = "<!DOCTYPE html>\n<html lang=\"" + escape(lang) + "\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<meta name=\"robots\" content=\"noindex\">\n"
                + "<title>" + escape(title) + " · " + escape(site.orgName()) + "</title>\n<style>" + STYLE
                + "</style>\n</head>\n<body>\n" + header(site, lang) + "<main>\n"
                + bodyHtml + "\n" + back(site, lang) + "</main>\n<footer>\n" + crisisFooter(lang) + "\n</footer>\n"
                + "</body>\n</html>\n";
        APIGatewayV2HTTPResponse response = Responses.with(status, CONTENT_TYPE, html, Responses.NO_STORE);
        Map<String, String> headers = response.getHeaders();
        StringBuilder formAction = new StringBuilder("'self'");
        for (String target : formTargets) {
            formAction.append(' ').append(target);
        }
        headers.put("Content-Security-Policy", "default-src 'none'; style-src " + STYLE_HASH + "; form-action "
                + formAction + "; frame-ancestors 'none'; base-uri 'none'");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("X-Frame-Options", "DENY");
        return response;
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
