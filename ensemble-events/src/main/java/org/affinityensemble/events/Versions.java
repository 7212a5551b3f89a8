package org.affinityensemble.events;

final class Versions {

    private Versions() {
    }

    static void require(int actual, int supported, String type) {
        if (actual != supported) {
            throw new InvalidEventException("unsupported schema version " + actual + " of '" + type
                    + "' (this consumer reads version " + supported + ")");
        }
    }
}
