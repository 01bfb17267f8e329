package io.cryptopipe.simulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The proof of what the simulator delivered: one JSON line per item, appended to a file, e.g.
 * {@code {"at":1795780800000,"request":7,"path":"/v3/assets","entity":"asset","key":"bitcoin","corrupted":false}}.
 * Only items of answers the simulator sends whole are logged: a 200 REST answer and a prices frame are logged just
 * before their body is written (the socket may carry the bytes during the write), so whoever has read an answer
 * finds its lines; an answer the client then fails to read is logged all the same. Faulted, truncated, malformed
 * and error answers log nothing (there is no {@code delivered:false} line), so
 * a test can compare what a client stored with exactly what it was given. Lines of one answer are written together
 * and flushed at once; thread-safe.
 */
final class ServedLog implements Closeable {
    private static final JsonFactory JSON = new JsonFactory();

    private final Writer writer;
    /** Set by {@link #close}; answers still finishing afterwards are not logged. Guarded by {@code this}. */
    private boolean closed;

    private ServedLog(Writer writer) {
        this.writer = writer;
    }

    /**
     * A log appending to {@code path} (created if missing); a null path logs nothing.
     *
     * @throws IOException naming the path when it cannot be opened for appending
     */
    static ServedLog open(Path path) throws IOException {
        if (path == null) {
            return new ServedLog(null);
        }
        try {
            BufferedWriter writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            return new ServedLog(writer);
        } catch (IOException e) {
            throw new IOException("cannot open the served log " + path + ": " + e, e);
        }
    }

    /**
     * Logs the items of one delivered answer or frame, then flushes.
     *
     * @param at      the answer's timestamp (simulated epoch milliseconds)
     * @param request the request number (REST request or socket connection)
     * @param path    the request path, e.g. {@code /v3/assets}
     * @throws UncheckedIOException when the log cannot be written: a proof with holes would be worse than none
     */
    synchronized void record(long at, long request, String path, ItemKind kind, List<ServedItem> items) {
        if (writer == null || closed || items.isEmpty()) {
            return;
        }
        try {
            for (ServedItem item : items) {
                writeLine(at, request, path, kind, item);
            }
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the served log", e);
        }
    }

    private void writeLine(long at, long request, String path, ItemKind kind, ServedItem item) throws IOException {
        JsonGenerator gen = JSON.createGenerator(writer);
        gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        gen.writeStartObject();
        gen.writeNumberField("at", at);
        gen.writeNumberField("request", request);
        gen.writeStringField("path", path);
        gen.writeStringField("entity", kind.logName);
        gen.writeStringField("key", item.key());
        gen.writeBooleanField("corrupted", item.corrupted());
        gen.writeEndObject();
        gen.close();
        writer.write('\n');
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        if (writer != null) {
            writer.close();
        }
    }
}
