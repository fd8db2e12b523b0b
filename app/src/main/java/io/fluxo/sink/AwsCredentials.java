package io.fluxo.sink;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The credentials of an AWS SDK client (DynamoDB, S3): the configured keys, or the default chain when none are. */
public final class AwsCredentials {
    private AwsCredentials() {
    }

    /** Empty keys: the AWS default chain (environment, profile, instance or container role). */
    public static AwsCredentialsProvider provider(String accessKey, String secretKey) {
        if (accessKey.isEmpty()) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
    }
}
