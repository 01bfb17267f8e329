package io.cryptopipe.source;

import io.cryptopipe.core.config.ResolvedConfig;
import io.cryptopipe.core.parse.ApiError;
import io.cryptopipe.core.parse.CoinCapParser;
import io.cryptopipe.core.parse.FieldDrift;
import io.cryptopipe.core.parse.ParsedResponse;
import io.cryptopipe.core.parse.Rejection;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads CoinCap (v2 or v3 shape) the way the real API demands: every page of a resource as one poll with one
 * {@code observed_at}, items deduplicated by natural key across pages, bounded retries with backoff and jitter on
 * 429, 5xx, I/O errors and unreadable bodies, a client-side rate limit and, for billed v3 keys, a daily credit
 * budget that refuses before sending. Thread-safe.
 */
public final class CoinCapClient {
    private static final Logger LOG = LoggerFactory.getLogger(CoinCapClient.class);
    /** A poll stops after this many pages even if the server keeps answering full pages. */
    static final int MAX_PAGES = 1_000;

    private final ClientSettings settings;
    private final HttpClient http;
    private final CoinCapParser parser;
    private final RateLimiter limiter;
    private final Optional<CreditBudget> budget;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Random random;
    private final ClientMetrics metrics;

    public CoinCapClient(ClientSettings settings, HttpClient http, RateLimiter limiter,
            Optional<CreditBudget> budget, Clock clock, Sleeper sleeper, Random random, ClientMetrics metrics) {
        this.settings = settings;
        this.http = http;
        this.parser = new CoinCapParser(settings.shape());
        this.limiter = limiter;
        this.budget = budget;
        this.clock = clock;
        this.sleeper = sleeper;
        this.random = random;
        this.metrics = metrics;
    }

    /** A client with its own HTTP client, limiter and budget as the settings say. */
    public static CoinCapClient create(ClientSettings settings, Clock clock) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build(); // CoinCap does not redirect; keys stay home
        return new CoinCapClient(settings, http, new RateLimiter(settings.requestsPerMinute(), clock, Sleeper.REAL),
                settings.creditsPerDay().map(c -> new CreditBudget(c, clock)), clock, Sleeper.REAL, new Random(),
                new ClientMetrics());
    }

    public ClientSettings settings() {
        return settings;
    }

    public ClientMetrics metrics() {
        return metrics;
    }

    public Optional<CreditBudget.Snapshot> budget() {
        return budget.map(CreditBudget::snapshot);
    }

    /**
     * Reads every page of an endpoint ({@code limit} = page size, {@code offset} until a short page).
     *
     * @throws CoinCapException when a page cannot be read; nothing of the poll is returned then, except the
     *         requests it cost ({@link CoinCapException#requests()})
     */
    public <T> Poll<T> poll(Endpoint<T> endpoint) throws CoinCapException {
        PollBuilder<T> poll = new PollBuilder<>(endpoint);
        for (int offset = 0; ; offset += settings.pageSize()) {
            Fetched<T> fetched;
            try {
                fetched = fetch(endpoint, offset, poll);
            } catch (CoinCapException e) {
                metrics.pollFailed(endpoint, e.kind());
                throw e.withRequests(poll.requests);
            }
            int added = poll.add(offset, fetched);
            int inPage = fetched.page().accepted().size() + fetched.page().rejections().size();
            if (!endpoint.paged() || inPage < settings.pageSize()) {
                break;
            }
            if (added == 0 && fetched.page().rejections().isEmpty()) {
                poll.warn("the full page at offset " + offset + " added no new item; the server seems to ignore "
                        + "offset, so the poll stops here");
                break;
            }
            if (poll.pages.size() >= MAX_PAGES) {
                poll.warn("stopped after " + MAX_PAGES + " pages");
                break;
            }
        }
        Poll<T> result = poll.build();
        metrics.polled(result.repeats().size(), result.rejections().size());
        return result;
    }

    /** One page with retries; the parsed page, its answer as received and how many attempts it took. */
    private <T> Fetched<T> fetch(Endpoint<T> endpoint, int offset, PollBuilder<T> poll) throws CoinCapException {
        URI uri = uri(endpoint, offset);
        String shown = masked(uri);
        Failure last = null;
        for (int attempt = 1; attempt <= settings.retry().attempts(); attempt++) {
            if (attempt > 1) {
                metrics.retry(endpoint);
                pause(settings.retry().backoff(attempt, random));
            }
            spend(endpoint, shown);
            poll.requests++;
            long sent = System.nanoTime();
            Answer answer = send(uri);
            metrics.exchanged(endpoint, answer.error() != null ? 0 : answer.status(),
                    java.time.Duration.ofNanos(System.nanoTime() - sent));
            if (answer.error() != null) {
                last = new Failure(0, "I/O error: " + answer.error(), "", answer.error());
                LOG.debug("{} attempt {}: {}", shown, attempt, last.message());
                continue;
            }
            Object outcome = classify(endpoint, answer, shown);
            if (outcome instanceof Read read) {
                @SuppressWarnings("unchecked")
                ParsedResponse.Page<T> typed = (ParsedResponse.Page<T>) read.page();
                return new Fetched<>(typed, answer.status(), read.body(), answer.receivedAt(), attempt);
            }
            last = (Failure) outcome;
            LOG.debug("{} attempt {}: {}", shown, attempt, last.message());
        }
        throw fail(CoinCapException.Kind.RETRIES_EXHAUSTED, last.status(), "CoinCap request " + shown + " failed "
                + settings.retry().attempts() + " times; last: " + last.message(), last.body(), last.cause());
    }

    /**
     * A {@link Read} page, or a retryable {@link Failure}; throws for answers that retrying cannot fix.
     */
    private Object classify(Endpoint<?> endpoint, Answer answer, String shown) throws CoinCapException {
        int status = answer.status();
        String body;
        try {
            body = answer.body();
        } catch (ZipProblem e) {
            if (status / 100 == 2) {
                return new Failure(status, e.getMessage(), "", e);
            }
            body = "(" + e.getMessage() + ")";
        }
        if (status / 100 == 2) {
            ParsedResponse<?> parsed = endpoint.list() ? parser.parseList(endpoint.entity(), body)
                    : parser.parseOne(endpoint.entity(), body);
            if (parsed instanceof ParsedResponse.Failure<?> f) {
                return switch (f.kind()) {
                    case DEPRECATED -> throw fail(CoinCapException.Kind.DEPRECATED, status, "CoinCap answered "
                            + shown + " with its end-of-life notice: " + f.message()
                            + " (v2 was shut down on 2025-03-31; use a v3 base and COINCAP_API_KEY)", f.body(), null);
                    case API_ERROR -> throw fail(CoinCapException.Kind.API_ERROR, status,
                            "CoinCap answered " + shown + " with error: " + f.message(), f.body(), null);
                    // A cut-off or garbled body: the next attempt usually reads it whole.
                    case MALFORMED -> new Failure(status, "unreadable body (" + f.message() + ")", f.body(), null);
                };
            }
            return new Read((ParsedResponse.Page<?>) parsed, body);
        }
        ApiError error = parser.parseError(status, body);
        if (status == 429 || status / 100 == 5) {
            return new Failure(status, "HTTP " + status + ": " + error.message(), body, null);
        }
        if (status == 401 || status == 403) {
            throw fail(CoinCapException.Kind.AUTH, status, "CoinCap refused " + shown + " with HTTP " + status + ": "
                    + error.message() + ". Check COINCAP_API_KEY (" + (settings.apiKey().isPresent() ? "set"
                    : "not set") + ") and that your CoinCap plan includes this endpoint", body, null);
        }
        throw fail(CoinCapException.Kind.CLIENT_ERROR, status, "CoinCap answered " + shown + " with HTTP " + status
                + ": " + error.message(), body, null);
    }

    private void spend(Endpoint<?> endpoint, String shown) throws CoinCapException {
        if (budget.isPresent() && !budget.get().tryConsume(settings.creditsPerRequest())) {
            metrics.budgetRefusal(endpoint);
            throw fail(CoinCapException.Kind.BUDGET_EXHAUSTED, 0, "credit budget of "
                    + budget.get().snapshot().perDay() + " for today is spent; " + shown + " was not sent", "", null);
        }
        pauseFor(limiter);
        metrics.request();
    }

    /**
     * One exchange, bounded by the read timeout as a whole: the JDK's request timeout covers only the wait for the
     * headers, so a body that stalls half-way would otherwise block the poll for good.
     */
    private Answer send(URI uri) throws CoinCapException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(settings.readTimeout()).GET()
                .header("Accept", "application/json").header("Accept-Encoding", "gzip")
                .header("User-Agent", "cryptopipe");
        if (settings.apiKey().isPresent() && !settings.keyInQuery()) {
            request.header("Authorization", "Bearer " + settings.apiKey().get());
        }
        CompletableFuture<HttpResponse<byte[]>> future =
                http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        try {
            HttpResponse<byte[]> response = future.get(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
            boolean gzip = response.headers().firstValue("Content-Encoding").orElse("").equalsIgnoreCase("gzip");
            return new Answer(response.statusCode(), response.body(), gzip, clock.instant(), null);
        } catch (TimeoutException e) {
            future.cancel(true);
            return ioFailure(new IOException("no complete answer within " + settings.readTimeout().toMillis()
                    + " ms"));
        } catch (ExecutionException e) {
            return ioFailure(e.getCause() instanceof IOException io ? io : new IOException(e.getCause()));
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw fail(CoinCapException.Kind.INTERRUPTED, 0, "interrupted while reading " + masked(uri), "", e);
        }
    }

    private Answer ioFailure(IOException error) {
        return new Answer(0, new byte[0], false, clock.instant(), error);
    }

    private void pause(java.time.Duration wait) throws CoinCapException {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail(CoinCapException.Kind.INTERRUPTED, 0, "interrupted during backoff", "", e);
        }
    }

    private void pauseFor(RateLimiter rateLimiter) throws CoinCapException {
        try {
            rateLimiter.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail(CoinCapException.Kind.INTERRUPTED, 0, "interrupted waiting for the rate limiter", "", e);
        }
    }

    /** The request URI: base, encoded path, filters, paging and (in query mode) the key. */
    URI uri(Endpoint<?> endpoint, int offset) {
        StringBuilder s = new StringBuilder(withoutTrailingSlash(settings.base()));
        for (String segment : endpoint.path()) {
            s.append('/').append(encode(segment));
        }
        Map<String, String> query = new LinkedHashMap<>(endpoint.query());
        if (endpoint.paged()) {
            query.put("limit", Integer.toString(settings.pageSize()));
            query.put("offset", Integer.toString(offset));
        }
        if (settings.apiKey().isPresent() && settings.keyInQuery()) {
            query.put("apiKey", settings.apiKey().get());
        }
        if (!query.isEmpty()) {
            s.append('?').append(query.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                    .collect(Collectors.joining("&")));
        }
        return URI.create(s.toString());
    }

    /** A base URI as text without trailing slashes, ready for a path to be appended. */
    static String withoutTrailingSlash(URI base) {
        return base.toString().replaceAll("/+$", "");
    }

    /** The URI as it may be shown: the key, when in the query, masked. */
    static String masked(URI uri) {
        return ResolvedConfig.maskUrl(uri.toString());
    }

    /** Percent-encodes UTF-8 (parentheses, accents, commas); spaces as %20 so it is valid in paths too. */
    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private CoinCapException fail(CoinCapException.Kind kind, int status, String message, String body,
            Throwable cause) {
        metrics.failure(kind);
        return new CoinCapException(kind, status, message, body, cause);
    }

    /** One HTTP exchange: a status and the body bytes as received, or the I/O error that prevented it. */
    private record Answer(int status, byte[] raw, boolean gzip, Instant receivedAt, IOException error) {
        /** The body as text; a gzip body that does not inflate is a {@link ZipProblem}. */
        String body() throws ZipProblem {
            if (!gzip) {
                return new String(raw, StandardCharsets.UTF_8);
            }
            try {
                return new String(new GZIPInputStream(new ByteArrayInputStream(raw)).readAllBytes(),
                        StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ZipProblem(e);
            }
        }
    }

    /** A gzip body that does not inflate (cut short or garbled). */
    private static final class ZipProblem extends Exception {
        private static final long serialVersionUID = 1L;

        ZipProblem(IOException cause) {
            super("gzip body does not inflate: " + cause.getMessage(), cause);
        }
    }

    /** Why an attempt did not yield a page, when trying again may help. */
    private record Failure(int status, String message, String body, Throwable cause) {
    }

    /** A 2xx answer that parsed as a page, with its decoded body. */
    private record Read(ParsedResponse.Page<?> page, String body) {
    }

    private record Fetched<T>(ParsedResponse.Page<T> page, int status, String body, Instant fetchedAt,
            int attempts) {
    }

    /** Accumulates the pages of one poll: first occurrence of a key wins, later ones are counted as repeats. */
    private final class PollBuilder<T> {
        private final Endpoint<T> endpoint;
        private final Map<String, ParsedResponse.Accepted<T>> byKey = new LinkedHashMap<>();
        private final List<Rejection> rejections = new ArrayList<>();
        private final List<String> repeats = new ArrayList<>();
        private final Map<String, Integer> unknown = new TreeMap<>();
        private final Map<String, Integer> missing = new TreeMap<>();
        private final List<String> warnings = new ArrayList<>();
        private final List<Poll.Page> pages = new ArrayList<>();
        private Instant observedAt;
        /** Requests sent for this poll so far, retries included. */
        private int requests;

        PollBuilder(Endpoint<T> endpoint) {
            this.endpoint = endpoint;
        }

        /** Adds a page; returns how many new keys it brought. */
        int add(int offset, Fetched<T> fetched) {
            ParsedResponse.Page<T> page = fetched.page();
            if (observedAt == null) {
                observedAt = page.timestamp().orElse(fetched.fetchedAt());
                if (page.timestamp().isEmpty()) {
                    warn("first page has no timestamp; observed_at is its fetch time");
                }
            }
            int added = 0;
            for (ParsedResponse.Accepted<T> item : page.accepted()) {
                String key = endpoint.key().apply(item.value());
                if (byKey.putIfAbsent(key, item) == null) {
                    added++;
                } else {
                    repeats.add(key);
                }
            }
            rejections.addAll(page.rejections());
            page.drift().unknown().forEach((k, v) -> unknown.merge(k, v, Integer::sum));
            page.drift().missing().forEach((k, v) -> missing.merge(k, v, Integer::sum));
            page.warnings().forEach(w -> warn("offset " + offset + ": " + w));
            pages.add(new Poll.Page(offset, page.accepted().size() + page.rejections().size(),
                    page.timestamp().orElse(null), fetched.fetchedAt(), fetched.attempts(), fetched.status(),
                    fetched.body()));
            return added;
        }

        void warn(String warning) {
            warnings.add(warning);
        }

        Poll<T> build() {
            return new Poll<>(UUID.randomUUID(), endpoint.name(), observedAt, pages, List.copyOf(byKey.values()),
                    rejections, repeats, new FieldDrift(unknown, missing), warnings, requests);
        }
    }
}
