package org.affinityensemble.inference.service;

/**
 * A request the service refuses, with the HTTP status and a message for the caller (rendered as an RFC 7807
 * problem by the REST layer).
 */
public class RequestRejected extends RuntimeException {

    private final int status;
    private final String title;

    public RequestRejected(int status, String title, String detail) {
        super(detail);
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public static RequestRejected badRequest(String detail) {
        return new RequestRejected(400, "Bad request", detail);
    }

    public static RequestRejected tooLarge(String detail) {
        return new RequestRejected(413, "Request too large", detail);
    }

    public static RequestRejected unknownTask(String detail) {
        return new RequestRejected(404, "Unknown task", detail);
    }

    public static RequestRejected unavailable(String detail) {
        return new RequestRejected(503, "Service unavailable", detail);
    }
}
