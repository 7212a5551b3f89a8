package org.affinityensemble.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the deployment files live: the repository root (system property {@code ensemble.repo.root}, set by
 * this module's surefire configuration, else the parent of the working directory) and paths below it.
 */
final class RepositoryLayout {

    private static final Path ROOT = locateRoot();

    private RepositoryLayout() {
    }

    static Path root() {
        return ROOT;
    }

    static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    private static Path locateRoot() {
        String configured = System.getProperty("ensemble.repo.root");
        Path root = (configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().getParent())
                .toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("k8s")) || !Files.isRegularFile(root.resolve("docker-compose.yml"))) {
            throw new IllegalStateException("not the repository root (no k8s/ or docker-compose.yml): " + root);
        }
        return root;
    }
}
