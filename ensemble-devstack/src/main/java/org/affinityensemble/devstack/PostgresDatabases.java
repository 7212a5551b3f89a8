package org.affinityensemble.devstack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL server, by default the machine's own (Debian's postgresql package: 127.0.0.1:5432, trust authentication
 * on the project's machines). The stack does not run its own server; it creates the databases it needs
 * and starts the Debian cluster if it is down.
 */
final class PostgresDatabases {

    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final String host;
    private final int port;
    private final String user;
    private final String password;

    PostgresDatabases(String host, int port, String user, String password) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    static PostgresDatabases fromEnvironment() {
        return new PostgresDatabases(env("ENSEMBLE_PG_HOST", "127.0.0.1"), Integer.parseInt(env("ENSEMBLE_PG_PORT", "5432")),
                env("ENSEMBLE_PG_USER", "postgres"), env("ENSEMBLE_PG_PASSWORD", ""));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** Checks the server answers, starting the Debian cluster once if it does not. */
    void ensureRunning() {
        try (Connection ignored = connect("postgres")) {
            return;
        } catch (SQLException first) {
            if (!host.equals("127.0.0.1") && !host.equals("localhost")) {
                throw new IllegalStateException("PostgreSQL at " + host + ":" + port + " does not answer", first);
            }
            startDebianCluster();
            try (Connection ignored = connect("postgres")) {
                return;
            } catch (SQLException second) {
                throw new IllegalStateException("PostgreSQL does not answer at " + host + ":" + port
                        + " (install it with `apt-get install -y postgresql`, or point ENSEMBLE_PG_HOST/PORT/USER/"
                        + "PASSWORD at a server)", second);
            }
        }
    }

    private static void startDebianCluster() {
        try {
            Process process = new ProcessBuilder("bash", "-c",
                    "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql | sort -V | tail -n 1) main start")
                    .redirectErrorStream(true).start();
            process.getInputStream().transferTo(System.err);
            process.waitFor();
        } catch (Exception e) {
            // Reported by the caller's second attempt.
        }
    }

    /** Creates the database if it does not exist; with {@code fresh}, drops it first. */
    void ensureDatabase(String name, boolean fresh) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            if (fresh) {
                statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
            try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                exists.setString(1, name);
                try (ResultSet rows = exists.executeQuery()) {
                    if (!rows.next()) {
                        statement.execute("CREATE DATABASE " + name);
                    }
                }
            }
        } catch (SQLException e) {
            if ("42P04".equals(e.getSQLState())) {
                return; // created concurrently
            }
            throw new IllegalStateException("cannot create database " + name, e);
        }
    }

    void ensureDatabases(List<String> names, boolean fresh) {
        names.forEach(name -> ensureDatabase(name, fresh));
    }

    private Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, user, password);
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }
}
