package org.affinityensemble.cli;

import java.nio.file.Path;

/** Where things are: the checkout the launcher runs from, and the data directory outside it. */
final class EnsembleHome {

    private EnsembleHome() {
    }

    /** The repository root ({@code -Densemble.home}, set by bin/ensemble), else the working directory. */
    static Path repository() {
        return Path.of(System.getProperty("ensemble.home", ".")).toAbsolutePath().normalize();
    }

    /** ENSEMBLE_DATA_DIR, else ~/.cache/affinity-ensemble: datasets cache, stack state, logs. */
    static Path dataDir() {
        String configured = System.getenv("ENSEMBLE_DATA_DIR");
        return configured == null || configured.isBlank()
                ? Path.of(System.getProperty("user.home"), ".cache", "affinity-ensemble")
                : Path.of(configured);
    }
}
