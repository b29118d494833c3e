package org.peersupport.local.site;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.peersupport.local.gateway.Gateway;
import org.peersupport.local.gateway.HttpRequest;
import org.peersupport.local.gateway.HttpResponse;

/**
 * The example website in {@code site/}, served as plain files for GET and HEAD ({@code /} is
 * {@code index.html}), with the headers a careful host would send: a strict Content-Security-Policy
 * (nothing from anywhere else), no referrer (pages about sign-ups should not tell other sites where
 * a visitor came from), nosniff, and no caching so edits show at once.
 */
public final class StaticSite implements Gateway.Endpoint {
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "txt", "text/plain; charset=utf-8",
            "json", "application/json; charset=utf-8");
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    private final Path root;

    public StaticSite(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public HttpResponse handle(HttpRequest request) throws IOException {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return null;
        }
        String path = request.path();
        if (path.endsWith("/")) {
            path += "index.html";
        }
        Path file = root.resolve(path.substring(1)).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file) || Files.isHidden(file)) {
            return null;
        }
        String name = file.getFileName().toString();
        String extension = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("Content-Type", TYPES.getOrDefault(extension, "application/octet-stream")));
        headers.add(Map.entry("Cache-Control", "no-cache"));
        headers.add(Map.entry("X-Content-Type-Options", "nosniff"));
        headers.add(Map.entry("Referrer-Policy", "no-referrer"));
        headers.add(Map.entry("Content-Security-Policy", CSP));
        headers.add(Map.entry("X-Local-Source", "site"));
        return new HttpResponse(200, headers, Files.readAllBytes(file));
    }
}
