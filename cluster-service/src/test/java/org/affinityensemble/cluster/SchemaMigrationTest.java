package org.affinityensemble.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.affinityensemble.devstack.InMemoryChannels;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The schema comes from the Flyway migrations in {@code db/migration}, run at start, and Hibernate only validates the
 * entities against it (ADR 0114): this service started, so {@code validate} found every entity's table and columns in
 * what the migrations built. A drift (a column an entity has and no migration adds) fails the start with
 * {@code Schema validation: missing column [...] in table [...]}.
 */
@QuarkusTest
@QuarkusTestResource(value = InMemoryChannels.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "incoming", value = "affinity"), @ResourceArg(name = "outgoing", value = "groupings"),
        @ResourceArg(name = "database", value = "cluster_schema_test")})
class SchemaMigrationTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void theMigrationsRanAtStartAndHibernateValidatesAgainstThem() throws SQLException {
        List<String> applied = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "select version, type, success from flyway_schema_history order by installed_rank")) {
            while (rows.next()) {
                applied.add(rows.getString(1) + " " + rows.getString(2) + " " + rows.getBoolean(3));
            }
        }
        // a fresh database: every migration ran (no baseline row, which only an update-mode database gets)
        assertThat(applied).containsExactly("1 SQL true", "2 SQL true");

        var config = ConfigProvider.getConfig();
        assertThat(config.getValue("quarkus.hibernate-orm.schema-management.strategy", String.class))
                .isEqualTo("validate");
        assertThat(config.getValue("quarkus.datasource.jdbc.url", String.class))
                .isEqualTo("jdbc:" + config.getValue("quarkus.datasource.reactive.url", String.class));
    }

    @Test
    void theTableIsTheOneTheMigrationBuilt() throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select column_name from information_schema.columns"
                        + " where table_name = 'grouping_version' order by column_name")) {
            while (rows.next()) {
                columns.add(rows.getString(1));
            }
        }
        assertThat(columns).containsExactly("affinityversion", "changedjson", "createdat", "groupsjson",
                "idseverusedjson", "method", "objective", "pendingsince", "projection_id", "seconds", "version");
    }
}
