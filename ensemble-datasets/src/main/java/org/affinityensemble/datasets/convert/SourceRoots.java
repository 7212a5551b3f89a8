package org.affinityensemble.datasets.convert;

import java.nio.file.Path;
import java.util.Map;
import org.affinityensemble.datasets.source.PackageSource;

/** Where each package a converter reads was unpacked. */
public record SourceRoots(Map<PackageSource, Path> roots) {

    public SourceRoots {
        roots = Map.copyOf(roots);
    }

    /** The folder holding a package's files. */
    public Path root(PackageSource source) {
        Path root = roots.get(source);
        if (root == null) {
            throw new IllegalArgumentException("package " + source.name() + " was not unpacked");
        }
        return root;
    }
}
