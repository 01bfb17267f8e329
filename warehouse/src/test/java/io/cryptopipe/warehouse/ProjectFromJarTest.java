package io.cryptopipe.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectFromJarTest {
    @Test
    void fromClasspathFindsEveryModelInsideAJar(@TempDir Path tmp) throws IOException {
        Path jar = tmp.resolve("fat.jar");
        Path tiny = ProjectTest.projectDir("tiny");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out);
             Stream<Path> files = Files.walk(tiny)) {
            j.putNextEntry(new JarEntry("io/other/Some.class"));
            j.closeEntry();
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f)) {
                    j.putNextEntry(new JarEntry("bundled/tiny/" + tiny.relativize(f).toString().replace('\\', '/')));
                    j.write(Files.readAllBytes(f));
                    j.closeEntry();
                }
            }
        }
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            Thread.currentThread().setContextClassLoader(loader);

            Project p = Project.fromClasspath("bundled/tiny");
            Project again = Project.fromClasspath("/bundled/tiny/");

            assertThat(p.models()).extracting(Model::name).containsExactly("stg_prices", "dim_asset", "fct_daily");
            assertThat(p.model("fct_daily").path()).isEqualTo("models/marts/fct_daily.sql");
            assertThat(p.tests()).hasSize(6);
            assertThat(again.models()).hasSize(3);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    @Test
    void fromClasspathReadsADirectoryOfTheClasspathToo() {
        assertThat(Project.fromClasspath("projects/tiny").models()).hasSize(3);
    }
}
