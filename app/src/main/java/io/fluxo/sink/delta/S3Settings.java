package io.fluxo.sink.delta;

import static java.util.Objects.requireNonNull;

import io.fluxo.config.ConfigReader;
import io.fluxo.config.ConfigSection;
import io.fluxo.config.FluxoConfig;
import java.io.Serializable;

/**
 * How Fluxo reaches S3 or an S3-compatible store ({@code fluxo.s3.*}), for the lake's {@code s3a://} paths and its
 * bucket; the secret key is never printed.
 *
 * @param endpoint empty for AWS S3 itself, at the endpoint of the region
 * @param pathStyle path-style URLs ({@code http://host:port/bucket/key}), which S3-compatible servers need
 * @param accessKey empty (with an empty secret) for the AWS default credentials chain
 */
public record S3Settings(String endpoint, String region, boolean pathStyle, String accessKey, String secretKey)
        implements Serializable {
    /** The region of the local stack's server, which accepts any. */
    public static final String DEFAULT_REGION = "us-east-1";

    public static final ConfigSection<S3Settings> SECTION = new ConfigSection<>() {
        @Override
        public String path() {
            return "fluxo.s3";
        }

        @Override
        public S3Settings read(ConfigReader r) {
            S3Settings s = new S3Settings(r.string("fluxo.s3.endpoint").strip(), r.string("fluxo.s3.region").strip(),
                    r.bool("fluxo.s3.path-style"), r.string("fluxo.s3.access-key"),
                    r.secret("fluxo.s3.secret-key", "fluxo.s3.secret-key-file"));
            r.check(s.endpoint().isEmpty() || s.endpoint().startsWith("http://") || s.endpoint().startsWith("https://"),
                    "Invalid fluxo.s3.endpoint: " + s.endpoint() + " (must start with http:// or https://, or be empty"
                            + " for AWS S3)");
            r.check(!s.region().isEmpty(), "Invalid fluxo.s3.region: empty (an AWS region such as us-east-1)");
            r.check(s.accessKey().isEmpty() == s.secretKey().isEmpty(),
                    "Invalid fluxo.s3.access-key / fluxo.s3.secret-key: set both or neither (neither: the AWS default"
                            + " credentials chain)");
            return s;
        }
    };

    public S3Settings {
        requireNonNull(endpoint, "endpoint");
        requireNonNull(region, "region");
        requireNonNull(accessKey, "accessKey");
        requireNonNull(secretKey, "secretKey");
    }

    public static S3Settings of(FluxoConfig config) {
        return config.section(SECTION);
    }

    /** Where requests go, for messages: the endpoint, or AWS S3 in the region. */
    public String describeEndpoint() {
        return endpoint.isEmpty() ? "AWS S3 (" + region + ")" : endpoint;
    }

    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint + ", region=" + region + ", pathStyle=" + pathStyle + ", accessKey="
                + accessKey + ", secretKey=" + (secretKey.isEmpty() ? "" : "****") + "]";
    }
}
