package org.affinityensemble.datasets.source;

import java.nio.file.Path;

/**
 * A package unpacked into a folder.
 *
 * @param source        the package asked for
 * @param actualVersion the version obtained: the pinned one, unless the registry no longer serves it
 * @param root          the folder holding the package's files under their paths in the package
 */
public record UnpackedPackage(PackageSource source, String actualVersion, Path root) {

    /** Whether the registry served another version than the pinned one. */
    public boolean versionDiffers() {
        return !source.version().equals(actualVersion);
    }
}
