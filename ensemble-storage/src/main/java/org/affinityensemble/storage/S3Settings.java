package org.affinityensemble.storage;

/**
 * How to reach the S3-compatible store. Every S3 server with path-style requests and AWS signature v4 works
 * (s3proxy locally, MinIO, Ceph RGW, AWS S3 itself).
 */
public record S3Settings(String endpoint, String accessKey, String secretKey, String bucket, String region) {

    public static final String DEFAULT_BUCKET = "affinity-ensemble";

    public S3Settings {
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalArgumentException("S3 endpoint is not configured (ensemble.s3.endpoint / ENSEMBLE_S3_ENDPOINT)");
        }
        bucket = bucket == null || bucket.isBlank() ? DEFAULT_BUCKET : bucket;
        region = region == null || region.isBlank() ? "us-east-1" : region;
    }
}
