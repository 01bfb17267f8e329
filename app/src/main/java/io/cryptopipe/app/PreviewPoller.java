package io.cryptopipe.app;

import io.cryptopipe.core.model.Asset;
import io.cryptopipe.source.CoinCapClient;
import io.cryptopipe.source.CoinCapException;
import io.cryptopipe.source.Endpoints;
import io.cryptopipe.source.Poll;
import io.cryptopipe.source.PriceSocket;
import java.io.PrintStream;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Until the streaming path exists, {@code up} shows what the source serves: every interval it polls all assets
 * through the real client (paging, retries, budget) and prints the poll and the top assets with the exact digits
 * received, plus how many live price ticks arrived. A failed poll is printed and the next interval tries again.
 */
final class PreviewPoller {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final int TOP = 3;

    private final CoinCapClient client;
    private final PriceSocket prices;
    private final AtomicLong ticks;
    private final PrintStream out;
    private long ticksShown;
    private CoinCapException.Kind lastFailure;

    /**
     * @param ticks the count the price socket's consumer increments
     */
    PreviewPoller(CoinCapClient client, PriceSocket prices, AtomicLong ticks, PrintStream out) {
        this.client = client;
        this.prices = prices;
        this.ticks = ticks;
        this.out = out;
    }

    void start(ScheduledExecutorService scheduler, Duration every) {
        prices.start();
        scheduler.scheduleWithFixedDelay(this::pollOnce, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * One poll and one printed line. A failure is printed when its kind differs from the last one, so a spent
     * budget or a long outage says so once rather than every interval. The poll also feeds the price socket, which
     * turns it into ticks when the socket was refused.
     */
    void pollOnce() {
        try {
            Poll<Asset> poll = client.poll(Endpoints.assets());
            prices.offerRestPoll(poll);
            lastFailure = null;
            out.println(describe(poll) + "  " + priceLine());
        } catch (CoinCapException e) {
            if (e.kind() != lastFailure) {
                out.println("assets poll failed (" + e.kind() + "): " + e.getMessage()
                        + "; retrying every interval, said again only if this changes");
            }
            lastFailure = e.kind();
        } catch (RuntimeException e) {
            out.println("assets poll failed: " + e);
        }
    }

    private String describe(Poll<Asset> poll) {
        String top = poll.values().stream().limit(TOP)
                .map(a -> a.rank() + ". " + a.id() + " " + a.priceUsd().toPlainString())
                .collect(Collectors.joining("  "));
        return "observed " + TIME.format(poll.observedAt()) + "  assets " + poll.items().size() + " ("
                + poll.pages().size() + " page" + (poll.pages().size() == 1 ? "" : "s") + ", " + poll.repeats().size()
                + " repeats, " + poll.rejections().size() + " rejected, " + poll.requests() + " requests)  " + top;
    }

    private String priceLine() {
        long total = ticks.get();
        long fresh = total - ticksShown;
        ticksShown = total;
        return "| prices: " + fresh + " ticks (" + prices.state().name().toLowerCase(Locale.ROOT) + ")";
    }
}
