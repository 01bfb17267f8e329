package io.cryptopipe.serve;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The dashboard's pages, scripts and styles (classpath {@code io/cryptopipe/serve/web/}) and ECharts from its WebJar,
 * read once at start. Only names of the form {@code word.js} / {@code word.css} are served, so nothing else on the
 * classpath can be reached through /static.
 */
final class Assets {
    static final String ECHARTS = "/META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";
    private static final String WEB = "/io/cryptopipe/serve/web/";
    private static final Pattern STATIC_NAME = Pattern.compile("[a-z][a-z0-9-]*(\\.min)?\\.(js|css)");

    /** A served file: its bytes and content type. */
    record File(byte[] bytes, String contentType) {
    }

    private final Map<String, File> files;

    private Assets(Map<String, File> files) {
        this.files = files;
    }

    static Assets load() {
        Map<String, File> files = new java.util.HashMap<>();
        for (String page : new String[] {"overview.html", "asset.html", "exchanges.html", "rates.html",
                "pipeline.html", "reports.html"}) {
            files.put(page, new File(resource(WEB + page), "text/html; charset=utf-8"));
        }
        for (String script : new String[] {"common.js", "overview.js", "asset.js", "exchanges.js", "rates.js",
                "pipeline.js", "reports.js"}) {
            files.put(script, new File(resource(WEB + script), "text/javascript; charset=utf-8"));
        }
        files.put("dashboard.css", new File(resource(WEB + "dashboard.css"), "text/css; charset=utf-8"));
        files.put("echarts.min.js", new File(resource(ECHARTS), "text/javascript; charset=utf-8"));
        return new Assets(Map.copyOf(files));
    }

    File page(String name) {
        return files.get(name);
    }

    /** A script or style by its name under /static; empty for any other name. */
    Optional<File> statik(String name) {
        if (name == null || !STATIC_NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        return Optional.ofNullable(files.get(name));
    }

    private static byte[] resource(String path) {
        try (InputStream in = Assets.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing from the classpath: " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path + " from the classpath", e);
        }
    }
}
