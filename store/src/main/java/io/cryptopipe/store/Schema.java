package io.cryptopipe.store;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Brings a database to the current schema contract with the Flyway migrations in {@code db/migration}. */
public final class Schema {
    private Schema() {
    }

    /** Applies pending migrations; idempotent. */
    public static MigrateResult migrate(DataSource dataSource) {
        return Flyway.configure().dataSource(dataSource).locations("classpath:db/migration")
                .schemas("public").load().migrate();
    }
}
