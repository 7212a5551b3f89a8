package org.affinityensemble.datasets.source;

import java.io.IOException;

/** A package could not be obtained; the message says why and what to install or run. */
public class SourceUnavailableException extends IOException {

    public SourceUnavailableException(String message) {
        super(message);
    }

    public SourceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
