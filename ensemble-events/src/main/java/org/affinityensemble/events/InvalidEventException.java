package org.affinityensemble.events;

/**
 * A message that cannot be accepted. The message is the reason written to the dead-letter topic, so it
 * says what is wrong in words a producer can act on.
 */
public class InvalidEventException extends RuntimeException {

    public InvalidEventException(String reason) {
        super(reason);
    }

    public InvalidEventException(String reason, Throwable cause) {
        super(reason, cause);
    }

    static void require(boolean condition, String reason) {
        if (!condition) {
            throw new InvalidEventException(reason);
        }
    }

    static String requireId(String value, String field) {
        require(value != null && !value.isBlank(), field + " is missing");
        return value;
    }
}
