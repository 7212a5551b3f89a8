#!/bin/sh
# s3proxy with two identities on one filesystem store (docker-compose.yml and the Kubernetes example run this
# instead of the image's entry point, which knows one identity only):
#   S3PROXY_IDENTITY / S3PROXY_CREDENTIAL                may read and write (gradient, trainer, training Jobs)
#   S3PROXY_READER_IDENTITY / S3PROXY_READER_CREDENTIAL  may only read (the inference-service): s3proxy's
#                                                        read-only middleware refuses every write of this key
# Optional: S3PROXY_ENDPOINT (default http://0.0.0.0:80, the image's), JCLOUDS_FILESYSTEM_BASEDIR (default
# /data), S3PROXY_JAVA_OPTS, S3PROXY_JAR (default /opt/s3proxy/s3proxy, the image's jar). Credentials are
# written to Java properties files: no backslashes in them.
set -eu

: "${S3PROXY_IDENTITY:?set S3PROXY_IDENTITY (the writer's access key)}"
: "${S3PROXY_CREDENTIAL:?set S3PROXY_CREDENTIAL (the writer's secret key)}"
: "${S3PROXY_READER_IDENTITY:?set S3PROXY_READER_IDENTITY (the read-only access key)}"
: "${S3PROXY_READER_CREDENTIAL:?set S3PROXY_READER_CREDENTIAL (the read-only secret key)}"
if [ "$S3PROXY_READER_IDENTITY" = "$S3PROXY_IDENTITY" ]; then
    echo "start-s3proxy: the reader's access key must differ from the writer's" >&2
    exit 64
fi

config_dir="$(mktemp -d)"
umask 077

# identity configuration: file, access key, secret key, read-only (true|false)
write_config() {
    cat > "$1" <<PROPERTIES
s3proxy.endpoint=${S3PROXY_ENDPOINT:-http://0.0.0.0:80}
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$2
s3proxy.credential=$3
s3proxy.read-only-blobstore=$4
s3proxy.ignore-unknown-headers=true
jclouds.provider=filesystem
jclouds.filesystem.basedir=${JCLOUDS_FILESYSTEM_BASEDIR:-/data}
PROPERTIES
}

write_config "$config_dir/writer.properties" "$S3PROXY_IDENTITY" "$S3PROXY_CREDENTIAL" false
write_config "$config_dir/reader.properties" "$S3PROXY_READER_IDENTITY" "$S3PROXY_READER_CREDENTIAL" true

# shellcheck disable=SC2086 # S3PROXY_JAVA_OPTS holds several options
exec java ${S3PROXY_JAVA_OPTS:-} -jar "${S3PROXY_JAR:-/opt/s3proxy/s3proxy}" \
    --properties "$config_dir/writer.properties" --properties "$config_dir/reader.properties"
