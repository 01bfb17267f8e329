package io.cryptopipe.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** core holds records and pure logic: no messaging, streaming, SQL, web, HTTP client or CLI dependency. */
@AnalyzeClasses(packages = "io.cryptopipe.core", importOptions = ImportOption.DoNotIncludeTests.class)
class CoreIndependenceTest {

    @ArchTest
    static final ArchRule coreDependsOnNoKafkaSparkSqlWebHttpOrCliPackage = noClasses()
            .that().resideInAPackage("io.cryptopipe.core..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.apache.kafka..",
                    "org.apache.spark..",
                    "java.sql..",
                    "javax.sql..",
                    "org.postgresql..",
                    "io.javalin..",
                    "org.eclipse.jetty..",
                    "jakarta.servlet..",
                    "java.net.http..",
                    "com.sun.net.httpserver..",
                    "picocli..")
            .because("core must stay free of infrastructure so every other module can depend on it");
}
