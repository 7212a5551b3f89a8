package org.affinityensemble.inference.service;

import java.time.Instant;

/** Why a published ensemble version could not be loaded (the previous version keeps serving). */
public record LoadError(long version, String message, Instant at) {
}
