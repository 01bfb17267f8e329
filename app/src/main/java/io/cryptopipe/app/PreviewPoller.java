package io.cryptopipe.app;

import io.cryptopipe.core.model.ApiShape;
import io.cryptopipe.core.model.Asset;
import io.cryptopipe.core.parse.ApiError;
import io.cryptopipe.core.parse.CoinCapParser;
import io.cryptopipe.core.parse.Entity;
import io.cryptopipe.core.parse.ParsedResponse;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Until the streaming path exists, {@code up} shows what the source serves: it reads the top assets through the
 * real parser every interval and prints them with the exact digits received. A failed read is printed and retried
 * at the next interval; it never stops {@code up}.
 */
final class PreviewPoller implements AutoCloseable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final int TOP = 5;

    private final URI assetsUrl;
    private final Optional<String> apiKey;
    private final CoinCapParser parser;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "up-preview");
        t.setDaemon(true);
        return t;
    });

    PreviewPoller(URI apiBase, ApiShape shape, Optional<String> apiKey, PrintStream out) {
        this.assetsUrl = URI.create(apiBase.toString().replaceAll("/+$", "") + "/assets?limit=" + TOP);
        this.apiKey = apiKey;
        this.parser = new CoinCapParser(shape);
        this.out = out;
    }

    void start(Duration every) {
        scheduler.scheduleWithFixedDelay(this::pollOnce, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One read and one printed line; all failures become a printed line. */
    void pollOnce() {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(assetsUrl).timeout(Duration.ofSeconds(20)).GET();
            apiKey.ifPresent(key -> request.header("Authorization", "Bearer " + key));
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            out.println(describe(response.statusCode(), response.body()));
        } catch (IOException e) {
            out.println("preview: cannot read " + assetsUrl + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String describe(int status, String body) {
        if (status / 100 != 2) {
            ApiError error = parser.parseError(status, body);
            return "preview: " + assetsUrl + " answered " + status + ": " + error.message();
        }
        ParsedResponse<Asset> parsed = parser.parseList(Entity.ASSET, body);
        if (parsed instanceof ParsedResponse.Failure<Asset> failure) {
            return "preview: " + failure.kind() + ": " + failure.message();
        }
        ParsedResponse.Page<Asset> page = (ParsedResponse.Page<Asset>) parsed;
        String observed = page.timestamp().map(TIME::format).orElse("no timestamp");
        String assets = page.items().stream()
                .map(a -> a.rank() + ". " + a.id() + " " + a.priceUsd().toPlainString())
                .collect(Collectors.joining("  "));
        return "observed " + observed + "  " + assets
                + (page.rejections().isEmpty() ? "" : "  (" + page.rejections().size() + " rejected: "
                        + page.rejections().get(0).reason() + ")");
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
