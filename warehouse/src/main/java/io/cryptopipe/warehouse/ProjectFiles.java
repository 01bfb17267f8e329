package io.cryptopipe.warehouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads a project's files into memory, keyed by their path relative to the root with '/' separators, from a
 * directory or from the classpath (a directory of classes, or a jar, shaded or not: the jar is opened as a zip
 * {@link FileSystem} and walked, so nothing has to be listed at build time).
 */
final class ProjectFiles {
    static final String PROJECT_FILE = "dbt_project.yml";

    private ProjectFiles() {}

    static Map<String, String> fromDirectory(Path root) {
        if (!Files.isRegularFile(root.resolve(PROJECT_FILE))) {
            throw new ProjectException("Not a model project",
                    java.util.List.of(root.toAbsolutePath() + " has no " + PROJECT_FILE));
        }
        return walk(root);
    }

    static Map<String, String> fromClasspath(String resourceRoot) {
        String base = resourceRoot.replaceAll("^/+", "").replaceAll("/+$", "");
        String marker = (base.isEmpty() ? "" : base + "/") + PROJECT_FILE;
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        URL url = loader == null ? null : loader.getResource(marker);
        if (url == null) {
            url = ProjectFiles.class.getClassLoader().getResource(marker);
        }
        if (url == null) {
            throw new ProjectException("Not a model project",
                    java.util.List.of("no classpath resource " + marker));
        }
        URI uri;
        try {
            uri = url.toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Unreadable resource URL " + url, e);
        }
        if ("jar".equals(uri.getScheme())) {
            FileSystem fs = null;
            boolean opened = false;
            try {
                try {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                    opened = true;
                } catch (FileSystemAlreadyExistsException e) {
                    fs = FileSystems.getFileSystem(uri);
                }
                return walk(fs.getPath("/" + base));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot open " + uri, e);
            } finally {
                if (opened) {
                    try {
                        fs.close();
                    } catch (IOException ignored) {
                        // read-only zip file system: nothing to flush
                    }
                }
            }
        }
        return walk(Path.of(uri).getParent());
    }

    private static Map<String, String> walk(Path root) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                if (!Files.isRegularFile(p)) {
                    continue;
                }
                String rel = root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
                if (rel.equals(PROJECT_FILE) || rel.startsWith("models/")) {
                    files.put(rel, Files.readString(p, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the model project at " + root, e);
        }
        return files;
    }
}
