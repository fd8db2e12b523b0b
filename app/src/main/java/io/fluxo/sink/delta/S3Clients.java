package io.fluxo.sink.delta;

import io.fluxo.sink.AwsCredentials;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** An AWS SDK S3 client for the lake's bucket and the stack's health check (the data itself goes through s3a). */
public final class S3Clients {
    private S3Clients() {
    }

    /** Every call gives up after {@code timeout}, retries included. */
    public static S3Client create(S3Settings settings, Duration timeout) {
        var builder = S3Client.builder()
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyle())
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(timeout))
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD)
                        .apiCallTimeout(timeout))
                .credentialsProvider(AwsCredentials.provider(settings.accessKey(), settings.secretKey()));
        if (!settings.endpoint().isEmpty()) {
            // S3-compatible servers need not know the checksums AWS added in SDK 2.30; send them only where required.
            builder.endpointOverride(URI.create(settings.endpoint()))
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED);
        }
        return builder.build();
    }
}
