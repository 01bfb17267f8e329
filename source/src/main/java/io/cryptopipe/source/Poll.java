package io.cryptopipe.source;

import io.cryptopipe.core.parse.FieldDrift;
import io.cryptopipe.core.parse.ParsedResponse;
import io.cryptopipe.core.parse.Rejection;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Everything one poll of an endpoint returned: all its pages, deduplicated by natural key (first wins).
 *
 * @param id         unique per poll
 * @param endpoint   the endpoint name
 * @param observedAt the poll's one time: the {@code timestamp} of its first page (its fetch time when absent)
 * @param pages      each page's offset, count and own timestamp
 * @param items      accepted items, first occurrence of each key, with raw JSON
 * @param rejections items refused by the parser, with reasons and raw JSON
 * @param repeats    keys seen again on a later page (ranks shifted while paging); the later copy was dropped
 * @param drift      unknown and missing fields over all pages
 * @param warnings   envelope or paging problems that did not stop the poll
 * @param requests   HTTP requests sent, retries included
 * @param <T>        the item record
 */
public record Poll<T>(UUID id, String endpoint, Instant observedAt, List<Page> pages,
        List<ParsedResponse.Accepted<T>> items, List<Rejection> rejections, List<String> repeats, FieldDrift drift,
        List<String> warnings, int requests) {
    public Poll {
        Objects.requireNonNull(id);
        Objects.requireNonNull(observedAt);
        pages = List.copyOf(pages);
        items = List.copyOf(items);
        rejections = List.copyOf(rejections);
        repeats = List.copyOf(repeats);
        warnings = List.copyOf(warnings);
    }

    /** Of the requests, those that repeated a page: every request beyond one per page. */
    public int retries() {
        return requests - pages.size();
    }

    /** The accepted records alone. */
    public List<T> values() {
        return items.stream().map(ParsedResponse.Accepted::value).toList();
    }

    /**
     * One page of the poll, with its answer as received so it can be archived before anything is derived from it.
     *
     * @param offset    the {@code offset} requested
     * @param items     items in the page, accepted and rejected
     * @param timestamp the page's own envelope timestamp, null when absent
     * @param fetchedAt when the page arrived
     * @param attempts  attempts it took
     * @param status    the HTTP status of the attempt that succeeded
     * @param body      that attempt's body text, decoded (gzip undone, UTF-8) but otherwise exactly as received
     */
    public record Page(int offset, int items, Instant timestamp, Instant fetchedAt, int attempts, int status,
            String body) {
        public Page {
            Objects.requireNonNull(fetchedAt, "fetchedAt");
            Objects.requireNonNull(body, "body");
        }
    }
}
