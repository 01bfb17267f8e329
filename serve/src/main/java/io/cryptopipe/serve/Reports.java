package io.cryptopipe.serve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The batch reports, {@code <reportsDir>/YYYY-MM-DD.html}, listed newest first and served read-only. A name is
 * accepted only when it is exactly a date and {@code .html}, so no path (no separator, no {@code ..}) can reach
 * anything but a report; symbolic links are not followed.
 */
final class Reports {
    static final Pattern NAME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}\\.html");
    private static final Pattern INLINE_SCRIPT = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL);

    private final Path dir;

    Reports(Path dir) {
        this.dir = dir;
    }

    /** The reports newest first; empty when the directory does not exist yet. */
    List<Map<String, Object>> list() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Map<String, Object>> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(p -> NAME.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed()).toList()) {
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException e) {
                    continue; // replaced or removed since listed
                }
                if (!a.isRegularFile()) {
                    continue;
                }
                String name = p.getFileName().toString();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("date", name.substring(0, 10));
                m.put("name", name);
                m.put("url", "/reports/" + name);
                m.put("bytes", a.size());
                m.put("modified_at", a.lastModifiedTime().toInstant().toString());
                out.add(m);
            }
        }
        return out;
    }

    /** The report's bytes. */
    byte[] read(String name) throws IOException {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ApiException.notFound("no such report: reports are named YYYY-MM-DD.html");
        }
        Path p = dir.resolve(name);
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            throw ApiException.notFound("no report " + name);
        }
        try {
            return Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            throw ApiException.notFound("no report " + name);
        }
    }

    /**
     * The Content-Security-Policy a report is served with. A report is self-contained (ECharts and its data inline,
     * see the batch module's ReportWriter), which the dashboard's own policy ("self" scripts only) would block. So
     * only the report's own inline scripts may run, named by their SHA-256 hashes, and the page is sandboxed to an
     * opaque origin with no network access: whatever it held could neither call the API nor send anything out.
     */
    static String policy(byte[] html) {
        StringBuilder hashes = new StringBuilder();
        Matcher m = INLINE_SCRIPT.matcher(new String(html, StandardCharsets.UTF_8));
        while (m.find()) {
            hashes.append(" 'sha256-").append(Base64.getEncoder().encodeToString(
                    sha256(m.group(1).getBytes(StandardCharsets.UTF_8)))).append('\'');
        }
        return "sandbox allow-scripts; default-src 'none'; script-src" + (hashes.isEmpty() ? " 'none'" : hashes)
                + "; style-src 'unsafe-inline'; img-src data:; connect-src 'none'; base-uri 'none'; "
                + "form-action 'none'; frame-ancestors 'none'";
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
