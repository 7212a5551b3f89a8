package org.affinityensemble.deploy;

import java.util.stream.Stream;

/** One rendered overlay paired with one service: the unit most deployment checks run over. */
record OverlayCase(String overlay, EnsembleService service) {

    static Stream<OverlayCase> all() {
        return Stream.concat(Stream.of(Manifests.BASE), Manifests.OVERLAYS.stream())
                .flatMap(overlay -> Stream.of(EnsembleService.values()).map(service -> new OverlayCase(overlay, service)));
    }

    Manifests manifests() {
        return Manifests.render(overlay);
    }

    @Override
    public String toString() {
        return overlay + " " + service;
    }
}
