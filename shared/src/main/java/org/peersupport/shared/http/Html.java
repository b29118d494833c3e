package org.peersupport.shared.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import org.peersupport.shared.Env;

/**
 * Small server-rendered pages for people using a plain HTML form (no JavaScript): one stylesheet,
 * no scripts, no images, and headers that keep them out of caches, frames and other sites'
 * referrer logs. Each page is a jmustache template filling one layout ({@code page.html} beside
 * this class: the organisation's name leading home, the crisis line at the top and the bottom, the
 * way back), with every value HTML-escaped; the templates are compiled once per container.
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
    /** The layout every page fills, {@code page.html} here; its name in a template's {@code {{<page}}}. */
    private static final String PAGE = "page";
    private static final String LAYOUT = text(PAGE);
    /**
     * Walks into every section, block, partial and the layout a template names: jmustache loads a
     * partial or parent at its first use, and walking it loads it, so all of a page is compiled
     * with the page (before a SnapStart snapshot too), not on a request.
     */
    private static final Mustache.Visitor LOAD_EVERY_PART = new Mustache.Visitor() {
        @Override
        public void visitText(String text) {
        }

        @Override
        public void visitVariable(String name) {
        }

        @Override
        public boolean visitInclude(String name) {
            return true;
        }

        @Override
        public boolean visitParent(String name) {
            return true;
        }

        @Override
        public boolean visitBlock(String name) {
            return true;
        }

        @Override
        public boolean visitSection(String name) {
            return true;
        }

        @Override
        public boolean visitInvertedSection(String name) {
            return true;
        }
    };
    private static final Template MESSAGE = template(Html.class, "message");
    private static final Template QUESTION = template(Html.class, "question");

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
     * A page template: {@code name}.html beside {@code owner}, compiled now with all its parts,
     * once per container. It fills the shared layout's content: {@code {{<page}}},
     * {@code {{$content}}}, the page's markup, {@code {{/content}}}, and {@code {{/page}}} at the
     * very end (a line break after it would follow {@code </html>}). Every {@code {{value}}} is
     * HTML-escaped. Its partials are files beside {@code owner} too.
     */
    public static Template template(Class<?> owner, String name) {
        Mustache.Compiler compiler = Mustache.compiler().escapeHTML(true).strictSections(true)
                .withLoader(partial -> PAGE.equals(partial) ? new StringReader(LAYOUT) : resource(owner, partial));
        try (Reader reader = resource(owner, name)) {
            Template template = compiler.compile(reader);
            template.visit(LOAD_EVERY_PART);
            return template;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A page with a heading and one paragraph. */
    public static APIGatewayV2HTTPResponse message(Site site, int status, String lang, String title, String text) {
        return page(site, status, lang, title, MESSAGE, Map.of("text", text));
    }

    /** A page with a heading and one paragraph, in {@code lang}. */
    public static APIGatewayV2HTTPResponse message(Site site, int status, String lang, Bilingual title,
                                                   Bilingual text) {
        return message(site, status, lang, title.in(lang), text.in(lang));
    }

    /**
     * The page a link in an email opens: what it would do, one button that posts the link's token
     * to {@code action} (relative to the page, so it works under any base path: a GET changes
     * nothing), what to do instead, and the same page in the other language.
     */
    public static APIGatewayV2HTTPResponse question(Site site, String lang, String action, String token,
                                                    String title, String text, String button, String instead) {
        String other = Languages.SPANISH.equals(lang) ? Languages.ENGLISH : Languages.SPANISH;
        return page(site, 200, lang, title, QUESTION, Map.of("text", text, "action", action, "token", token,
                "button", button, "instead", instead, "other", other,
                "linkToken", URLEncoder.encode(token, StandardCharsets.UTF_8)));
    }

    /**
     * A whole page from {@code content}, a {@link #template}: {@code lang} on the root, a title, a
     * header with the organisation's name and the crisis line, the content inside {@code <main>},
     * the way back, and the crisis footer. The layout's values ({@code lang}, {@code title},
     * {@code spanish}, {@code orgName}, {@code homeUrl}) are there for the content's template too.
     *
     * @param values      what {@code content} shows, by name: every one is HTML-escaped
     * @param formTargets origins, besides the page's own, that its forms may post to or be
     *                    redirected to (CSP {@code form-action} also governs redirects)
     */
    public static APIGatewayV2HTTPResponse page(Site site, int status, String lang, String title, Template content,
                                                Map<String, ?> values, String... formTargets) {
        Map<String, Object> layout = Map.of("lang", lang, "title", title, "spanish", Languages.SPANISH.equals(lang),
                "orgName", site.orgName(), "homeUrl", site.homeUrl(), "style", STYLE);
        StringWriter html = new StringWriter(4096);
        content.execute(values, layout, html);
        APIGatewayV2HTTPResponse response = Responses.with(status, CONTENT_TYPE, html.toString(), Responses.NO_STORE);
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

    private static Reader resource(Class<?> owner, String name) {
        InputStream in = owner.getResourceAsStream(name + ".html");
        if (in == null) {
            throw new IllegalStateException("Missing template " + name + ".html beside " + owner.getName());
        }
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    private static String text(String name) {
        try (Reader reader = resource(Html.class, name)) {
            StringWriter out = new StringWriter();
            reader.transferTo(out);
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
