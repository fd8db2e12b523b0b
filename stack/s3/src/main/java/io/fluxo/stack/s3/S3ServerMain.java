package io.fluxo.stack.s3;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * An S3-compatible server on loopback: S3Proxy on its filesystem backend, a bucket a directory under
 * {@code DATA_DIR/buckets}. Usage: S3ServerMain DATA_DIR PORT, with the access key and secret key that clients must
 * sign with (AWS signature v2 or v4) in the environment variables {@value #ACCESS_KEY_ENV} and
 * {@value #SECRET_KEY_ENV}: never on the command line, which {@code ps} shows. Runs until SIGTERM.
 */
public final class S3ServerMain {
    static final String HOST = "127.0.0.1";
    static final String ACCESS_KEY_ENV = "S3_SERVER_ACCESS_KEY";
    static final String SECRET_KEY_ENV = "S3_SERVER_SECRET_KEY";

    private S3ServerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("Usage: S3ServerMain DATA_DIR PORT (credentials in " + ACCESS_KEY_ENV + " and "
                    + SECRET_KEY_ENV + ")");
            System.exit(2);
        }
        String accessKey = System.getenv(ACCESS_KEY_ENV);
        String secretKey = System.getenv(SECRET_KEY_ENV);
        if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isBlank()) {
            System.err.println("Cannot start the S3 server: " + ACCESS_KEY_ENV + " and " + SECRET_KEY_ENV
                    + " must both be set (fluxo stack up sets them from fluxo.stack.s3.access-key and secret-key)");
            System.exit(2);
        }
        Path buckets = Path.of(args[0]).toAbsolutePath().resolve("buckets");
        Files.createDirectories(buckets);
        int port = Integer.parseInt(args[1]);

        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", buckets.toString());
        BlobStore store = BlobStores.create("filesystem", properties);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://" + HOST + ":" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                proxy.stop();
            } catch (Exception e) {
                System.err.println("The S3 server did not stop cleanly: " + e);
            }
        }, "s3-shutdown"));
        proxy.start();
        System.out.println("S3 server (S3Proxy, filesystem) started on http://" + HOST + ":" + port
                + " (buckets in " + buckets + ")");
    }
}
