package io.cryptopipe.serve;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;

/**
 * HTTP Basic for the dashboard: user {@value ServeSettings#USER} and the configured password. The expected
 * credentials are kept only as a SHA-256 digest and compared with {@link MessageDigest#isEqual} on digests, so the
 * comparison takes the same time whatever the input's length or first differing byte. The password is never logged,
 * echoed or put in an error.
 */
final class Auth {
    static final String CHALLENGE = "Basic realm=\"cryptopipe\", charset=\"UTF-8\"";

    private final Optional<byte[]> expected;

    private Auth(Optional<byte[]> expected) {
        this.expected = expected;
    }

    /**
     * The auth for {@code settings}; refuses to serve a non-loopback address without a password, since the dashboard
     * shows the pipeline's state and its metrics to whoever reaches it.
     *
     * @throws IllegalArgumentException naming --http-bind and the password settings
     */
    static Auth of(ServeSettings settings) {
        Optional<String> password = settings.password().filter(p -> !p.isEmpty());
        if (password.isEmpty() && !loopback(settings.bind())) {
            throw new IllegalArgumentException("the dashboard would serve " + settings.bind() + " (--http-bind), "
                    + "which is not a loopback address, without a password: set one with --dashboard-password-file "
                    + "or the environment variable CRYPTOPIPE_DASHBOARD_PASSWORD (user " + ServeSettings.USER
                    + "), or bind to 127.0.0.1");
        }
        return new Auth(password.map(p -> digest(ServeSettings.USER + ":" + p)));
    }

    boolean required() {
        return expected.isPresent();
    }

    /** Whether an {@code Authorization} header value carries the right user and password. */
    boolean accepts(String authorization) {
        if (expected.isEmpty()) {
            return true;
        }
        String given = "";
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                given = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                        StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                given = "";
            }
        }
        return MessageDigest.isEqual(digest(given), expected.get());
    }

    static boolean loopback(String bind) {
        try {
            InetAddress[] all = InetAddress.getAllByName(bind);
            for (InetAddress a : all) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return all.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
