package org.affinityensemble.datasets.source;

/**
 * A Debian binary package, obtained with {@code apt-get download name=version} and unpacked with
 * {@code dpkg-deb -x}; its files lie under their installed paths ({@code usr/share/...}).
 */
public record DebianPackage(String name, String version) implements PackageSource {

    @Override
    public String registry() {
        return "debian";
    }
}
