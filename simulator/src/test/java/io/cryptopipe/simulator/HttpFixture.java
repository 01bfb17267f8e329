package io.cryptopipe.simulator;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** Plain HTTP GETs against a running simulator, the way any client would make them. */
final class HttpFixture {
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI base;

    HttpFixture(URI base) {
        this.base = base;
    }

    /** A GET of {@code pathAndQuery} (e.g. {@code /v2/assets?limit=5}). */
    Answer get(String pathAndQuery) {
        return send(pathAndQuery, false);
    }

    Answer getGzip(String pathAndQuery) {
        return send(pathAndQuery, true);
    }

    private Answer send(String pathAndQuery, boolean gzip) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET();
        if (gzip) {
            request.header("Accept-Encoding", "gzip");
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            String encoding = response.headers().firstValue("Content-Encoding").orElse("");
            byte[] body = encoding.equals("gzip")
                    ? new GZIPInputStream(new ByteArrayInputStream(response.body())).readAllBytes()
                    : response.body();
            return new Answer(response.statusCode(), new String(body, StandardCharsets.UTF_8), encoding,
                    response.body().length, response.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Status, decoded body, the Content-Encoding sent, the size on the wire and the headers (lower-case names). */
    record Answer(int status, String body, String encoding, int wireBytes, Map<String, List<String>> headers) {
        String contentType() {
            return headers.getOrDefault("content-type", List.of("")).get(0);
        }
    }
}
