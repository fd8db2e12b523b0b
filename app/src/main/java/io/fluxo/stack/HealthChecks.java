package io.fluxo.stack;

import io.fluxo.sink.RetryBudget;
import io.fluxo.sink.dynamodb.DynamoDbSettings;
import io.fluxo.sink.dynamodb.DynamoDbClients;
import io.fluxo.sink.delta.S3Clients;
import io.fluxo.sink.delta.S3Settings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/** Is a server of the stack answering? Each check gives up after a few seconds and never throws. */
final class HealthChecks {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final Pattern GREEN_OR_YELLOW = Pattern.compile("\"status\"\\s*:\\s*\"(green|yellow)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    private HealthChecks() {
    }

    /** The broker is registered in the cluster metadata, i.e. it serves clients. */
    static boolean kafka(String bootstrapServers) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "fluxo-stack-health");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        props.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, 1000L);
        props.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, 2000L);
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500L);
        Admin admin = null;
        try {
            admin = Admin.create(props);
            return !admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
                    .nodes().get(TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS).isEmpty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        } finally {
            if (admin != null) {
                admin.close(Duration.ZERO);
            }
        }
    }

    /** ListTables answers (DynamoDB Local accepts any credentials; these are the local stack's defaults). */
    static boolean dynamodb(String endpoint) {
        var settings = new DynamoDbSettings(endpoint, "us-east-1", "fluxo", "fluxo",
                new RetryBudget(1, Duration.ZERO), 1);
        try (DynamoDbClient client = DynamoDbClients.create(settings)) {
            client.listTables(request -> request.limit(1)
                    .overrideConfiguration(o -> o.apiCallTimeout(TIMEOUT).apiCallAttemptTimeout(TIMEOUT)));
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** ListBuckets answers, signed with the keys the server accepts (an unsigned request gets a 403 of any S3). */
    static boolean s3(String endpoint, String accessKey, String secretKey) {
        var settings = new S3Settings(endpoint, S3Settings.DEFAULT_REGION, true, accessKey, secretKey);
        try (S3Client client = S3Clients.create(settings, TIMEOUT)) {
            client.listBuckets();
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** {@code select 1} answers in the stack's database, which the server creates once it accepts connections. */
    static boolean postgres(String jdbcUrl, String user) {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("connectTimeout", Long.toString(TIMEOUT.toSeconds()));
        props.setProperty("socketTimeout", Long.toString(TIMEOUT.toSeconds()));
        props.setProperty("ApplicationName", "fluxo-stack-health");
        try (Connection connection = new org.postgresql.Driver().connect(jdbcUrl, props);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("select 1")) {
            return rs.next() && rs.getInt(1) == 1;
        } catch (Exception e) {
            return false;
        }
    }

    /** The cluster health is green or yellow (a single node has no replicas: yellow is its normal state). */
    static boolean opensearch(String url) {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url + "/_cluster/health")).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && GREEN_OR_YELLOW.matcher(response.body()).find();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }
}
