package io.cryptopipe.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local HTTP peer speaking the BigQuery v2 and Cloud Storage JSON REST calls the official Java clients make for a
 * Parquet load: BigQuery's resumable upload ({@code POST /upload/bigquery/v2/projects/P/jobs?uploadType=resumable},
 * then {@code PUT}s of the bytes), {@code jobs.insert} for loads from {@code gs://}, {@code jobs.get} polling; GCS's
 * resumable and multipart object uploads, {@code objects.list} and {@code objects.delete}.
 *
 * <p>It is a fake only because BigQuery and GCS cannot be reached from where these tests run: the request flow, the
 * job configurations and the uploaded bytes are the real client's, and the peer reads each uploaded Parquet file with
 * DuckDB to report the rows BigQuery would have loaded. It does not check what BigQuery itself would check (that the
 * table exists, the schema matches it, the rows fall in the partition).
 */
final class GooglePeer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BQ_UPLOAD = Pattern.compile("/upload/bigquery/v2/projects/([^/]+)/jobs");
    private static final Pattern BQ_JOBS = Pattern.compile("/bigquery/v2/projects/([^/]+)/jobs");
    private static final Pattern BQ_JOB = Pattern.compile("/bigquery/v2/projects/([^/]+)/jobs/([^/]+)");
    private static final Pattern GCS_UPLOAD = Pattern.compile("/upload/storage/v1/b/([^/]+)/o");
    private static final Pattern GCS_OBJECTS = Pattern.compile("/storage/v1/b/([^/]+)/o");
    private static final Pattern GCS_OBJECT = Pattern.compile("/storage/v1/b/([^/]+)/o/(.+)");
    private static final Pattern RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)|bytes \\*/(\\d+)");

    /** One request as received. */
    record Request(String method, String path, String query, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** A load job as the client configured it, with the bytes it uploaded (or that its gs:// URI names). */
    record LoadJob(String project, String jobId, String location, JsonNode load, byte[] bytes, String via) {
        String table() {
            return load.path("destinationTable").path("tableId").asText();
        }
    }

    private final HttpServer server;
    private final Path scratch;
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, LoadJob> jobs = new ConcurrentHashMap<>();
    private final List<LoadJob> loads = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, ObjectNode> pendingJobs = new ConcurrentHashMap<>();
    private final Map<String, ByteArrayOutputStream> uploads = new ConcurrentHashMap<>();
    private final Map<String, String> pendingObjects = new ConcurrentHashMap<>();
    /** bucket/name -> bytes. */
    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    /** table id (decorator included) -> errorResult the job ends with. */
    private final Map<String, ObjectNode> failures = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    GooglePeer(Path scratch) throws IOException {
        this.scratch = scratch;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    List<LoadJob> loads() {
        return List.copyOf(loads);
    }

    Map<String, byte[]> objects() {
        return Map.copyOf(objects);
    }

    void putObject(String bucket, String name, byte[] bytes) {
        objects.put(bucket + "/" + name, bytes);
    }

    /** Jobs loading {@code tableId} end DONE with this errorResult, as BigQuery reports a failed load. */
    void failLoadsInto(String tableId, String reason, String message) {
        ObjectNode error = JSON.createObjectNode().put("reason", reason).put("message", message);
        failures.put(tableId, error);
    }

    void reset() {
        requests.clear();
        loads.clear();
        jobs.clear();
        failures.clear();
        objects.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            if ("gzip".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
                body = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body)).readAllBytes();
            }
            String path = ex.getRequestURI().getRawPath();
            String query = ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery();
            String method = ex.getRequestMethod();
            requests.add(new Request(method, path, query, body));
            Map<String, String> params = params(query);
            Matcher m;
            if ((m = BQ_UPLOAD.matcher(path)).matches() && method.equals("POST")) {
                String id = "bq-" + ids.incrementAndGet();
                pendingJobs.put(id, (ObjectNode) JSON.readTree(body));
                uploads.put(id, new ByteArrayOutputStream());
                ex.getResponseHeaders().add("Location", endpoint() + path + "?uploadType=resumable&upload_id=" + id);
                send(ex, 200, new byte[0]);
            } else if ((m = BQ_UPLOAD.matcher(path)).matches() && method.equals("PUT")) {
                String id = params.get("upload_id");
                String project = m.group(1);
                byte[] all = receiveChunk(ex, id, body);
                if (all == null) {
                    return;
                }
                ObjectNode job = pendingJobs.remove(id);
                sendJson(ex, 200, created(project, job, all, "upload"));
            } else if ((m = BQ_JOBS.matcher(path)).matches() && method.equals("POST")) {
                ObjectNode job = (ObjectNode) JSON.readTree(body);
                String uri = job.path("configuration").path("load").path("sourceUris").path(0).asText();
                byte[] bytes = objects.get(uri.replaceFirst("^gs://", ""));
                if (bytes == null) {
                    sendError(ex, 404, "notFound", "Not found: URI " + uri);
                    return;
                }
                sendJson(ex, 200, created(m.group(1), job, bytes, "gcs"));
            } else if ((m = BQ_JOB.matcher(path)).matches() && method.equals("GET")) {
                LoadJob job = jobs.get(m.group(2));
                if (job == null) {
                    sendError(ex, 404, "notFound", "Not found: Job " + m.group(1) + ":" + m.group(2));
                    return;
                }
                sendJson(ex, 200, done(job));
            } else if ((m = GCS_UPLOAD.matcher(path)).matches() && method.equals("POST")) {
                gcsUpload(ex, m.group(1), params, body);
            } else if ((m = GCS_UPLOAD.matcher(path)).matches() && method.equals("PUT")) {
                String id = params.get("upload_id");
                byte[] all = receiveChunk(ex, id, body);
                if (all == null) {
                    return;
                }
                String object = pendingObjects.remove(id);
                objects.put(object, all);
                sendJson(ex, 200, objectJson(object, all));
            } else if ((m = GCS_OBJECT.matcher(path)).matches() && method.equals("DELETE")) {
                String key = m.group(1) + "/" + URLDecoder.decode(m.group(2), StandardCharsets.UTF_8);
                send(ex, objects.remove(key) == null ? 404 : 204, new byte[0]);
            } else if ((m = GCS_OBJECTS.matcher(path)).matches() && method.equals("GET")) {
                String prefix = m.group(1) + "/" + params.getOrDefault("prefix", "");
                ObjectNode list = JSON.createObjectNode().put("kind", "storage#objects");
                ArrayNode items = list.putArray("items");
                objects.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).sorted(Map.Entry.comparingByKey())
                        .forEach(e -> items.add(objectJson(e.getKey(), e.getValue())));
                sendJson(ex, 200, list);
            } else {
                sendError(ex, 404, "notFound", "the peer does not speak " + method + " " + path + "?" + query);
            }
        } catch (Exception e) {
            e.printStackTrace();
            sendError(ex, 500, "internalError", "peer: " + e);
        }
    }

    /** Appends a PUT chunk; returns every byte once the last chunk arrived, else answers 308 and returns null. */
    private byte[] receiveChunk(HttpExchange ex, String id, byte[] body) throws IOException {
        ByteArrayOutputStream buffer = uploads.get(id);
        if (buffer == null) {
            sendError(ex, 404, "notFound", "no upload session " + id);
            return null;
        }
        buffer.write(body);
        String range = ex.getRequestHeaders().getFirst("Content-Range");
        Matcher r = range == null ? null : RANGE.matcher(range);
        boolean last = r == null || !r.matches() || r.group(4) != null || !"*".equals(r.group(3));
        if (!last) {
            ex.getResponseHeaders().add("Range", "bytes=0-" + (buffer.size() - 1));
            send(ex, 308, new byte[0]);
            return null;
        }
        uploads.remove(id);
        return buffer.toByteArray();
    }

    private void gcsUpload(HttpExchange ex, String bucket, Map<String, String> params, byte[] body) throws IOException {
        String type = params.getOrDefault("uploadType", "");
        if (type.equals("resumable")) {
            String name = params.containsKey("name") ? params.get("name") : JSON.readTree(body).path("name").asText();
            String id = "gcs-" + ids.incrementAndGet();
            pendingObjects.put(id, bucket + "/" + name);
            uploads.put(id, new ByteArrayOutputStream());
            ex.getResponseHeaders().add("Location", endpoint() + "/upload/storage/v1/b/" + bucket
                    + "/o?uploadType=resumable&upload_id=" + id);
            send(ex, 200, new byte[0]);
        } else if (type.equals("multipart")) {
            String contentType = ex.getRequestHeaders().getFirst("Content-Type");
            String boundary = contentType.replaceAll(".*boundary=\"?([^\";]+)\"?.*", "$1");
            String text = new String(body, StandardCharsets.ISO_8859_1);
            String[] parts = text.split("--" + Pattern.quote(boundary));
            JsonNode metadata = JSON.readTree(parts[1].substring(parts[1].indexOf("\r\n\r\n") + 4).strip());
            String media = parts[2].substring(parts[2].indexOf("\r\n\r\n") + 4);
            byte[] bytes = media.substring(0, media.length() - 2).getBytes(StandardCharsets.ISO_8859_1);
            String object = bucket + "/" + metadata.path("name").asText();
            objects.put(object, bytes);
            sendJson(ex, 200, objectJson(object, bytes));
        } else {
            sendError(ex, 400, "invalid", "uploadType " + type);
        }
    }

    private ObjectNode created(String project, ObjectNode job, byte[] bytes, String via) throws IOException, SQLException {
        JsonNode reference = job.path("jobReference");
        String jobId = reference.path("jobId").asText();
        LoadJob load = new LoadJob(project, jobId, reference.path("location").asText(null),
                job.path("configuration").path("load"), bytes, via);
        jobs.put(jobId, load);
        loads.add(load);
        ObjectNode out = resource(load);
        out.putObject("status").put("state", "RUNNING");
        out.putObject("statistics").put("creationTime", String.valueOf(System.currentTimeMillis()));
        return out;
    }

    private ObjectNode done(LoadJob job) throws IOException, SQLException {
        ObjectNode out = resource(job);
        ObjectNode status = out.putObject("status").put("state", "DONE");
        ObjectNode error = failures.get(job.table());
        long now = System.currentTimeMillis();
        ObjectNode statistics = out.putObject("statistics").put("creationTime", String.valueOf(now - 2))
                .put("startTime", String.valueOf(now - 1)).put("endTime", String.valueOf(now));
        ObjectNode load = statistics.putObject("load").put("inputFiles", "1")
                .put("inputFileBytes", String.valueOf(job.bytes().length));
        if (error != null) {
            status.set("errorResult", error);
            status.putArray("errors").add(error);
        } else {
            load.put("outputRows", String.valueOf(parquetRows(job.bytes()))).put("badRecords", "0");
        }
        return out;
    }

    private ObjectNode resource(LoadJob job) {
        ObjectNode out = JSON.createObjectNode().put("kind", "bigquery#job")
                .put("id", job.project() + ":" + job.location() + "." + job.jobId())
                .put("selfLink", endpoint() + "/bigquery/v2/projects/" + job.project() + "/jobs/" + job.jobId());
        ObjectNode reference = out.putObject("jobReference").put("projectId", job.project()).put("jobId", job.jobId());
        if (job.location() != null) {
            reference.put("location", job.location());
        }
        out.putObject("configuration").put("jobType", "LOAD").set("load", job.load());
        out.put("user_email", "peer@127.0.0.1");
        return out;
    }

    /** The rows of an uploaded Parquet file, read by DuckDB: what a load of it would add. */
    long parquetRows(byte[] bytes) throws IOException, SQLException {
        Path file = Files.createTempFile(scratch, "upload", ".parquet");
        try {
            Files.write(file, bytes);
            try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
                 Statement st = duckdb.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM read_parquet('" + file + "')")) {
                rs.next();
                return rs.getLong(1);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private ObjectNode objectJson(String key, byte[] bytes) {
        int slash = key.indexOf('/');
        return JSON.createObjectNode().put("kind", "storage#object").put("bucket", key.substring(0, slash))
                .put("name", key.substring(slash + 1)).put("id", key + "/1").put("generation", "1")
                .put("metageneration", "1").put("size", String.valueOf(bytes.length))
                .put("contentType", LakeBucket.PARQUET)
                .put("crc32c", crc32c(bytes)).put("md5Hash", md5(bytes));
    }

    private static String crc32c(byte[] bytes) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bytes);
        long v = crc.getValue();
        byte[] b = {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
        return java.util.Base64.getEncoder().encodeToString(b);
    }

    private static String md5(byte[] bytes) {
        try {
            return java.util.Base64.getEncoder().encodeToString(
                    java.security.MessageDigest.getInstance("MD5").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> params(String query) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                params.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    private static void sendJson(HttpExchange ex, int status, JsonNode json) throws IOException {
        ex.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
        send(ex, status, JSON.writeValueAsBytes(json));
    }

    private static void sendError(HttpExchange ex, int status, String reason, String message) throws IOException {
        ObjectNode error = JSON.createObjectNode();
        ObjectNode e = error.putObject("error").put("code", status).put("message", message);
        e.putArray("errors").addObject().put("reason", reason).put("message", message);
        sendJson(ex, status, error);
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
