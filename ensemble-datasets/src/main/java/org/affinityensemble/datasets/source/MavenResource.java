package org.affinityensemble.datasets.source;

import java.util.List;

/**
 * Files of a Maven artifact that this module depends on, read from the classpath: Maven resolved the
 * artifact when the module was built, so nothing is downloaded at run time.
 *
 * @param directory the resource folder inside the jar, ending in '/'
 * @param files     the files of that folder to copy out
 */
public record MavenResource(String groupId, String artifactId, String version, String directory,
        List<String> files) implements PackageSource {

    public MavenResource {
        if (!directory.endsWith("/")) {
            throw new IllegalArgumentException("directory must end in '/': " + directory);
        }
        files = List.copyOf(files);
    }

    @Override
    public String registry() {
        return "maven";
    }

    @Override
    public String name() {
        return groupId + ":" + artifactId;
    }
}
