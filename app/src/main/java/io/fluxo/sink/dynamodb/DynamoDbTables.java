package io.fluxo.sink.dynamodb;

import io.fluxo.sink.SinkException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Creates a history table (partition key + sort key, both strings, on demand) when it is missing. */
public final class DynamoDbTables {
    private DynamoDbTables() {
    }

    public static void ensure(DynamoDbClient client, String table, String partitionKey, String sortKey, String endpoint) {
        try {
            try {
                client.describeTable(b -> b.tableName(table));
                return;
            } catch (ResourceNotFoundException missing) {
                // created below
            }
            try {
                client.createTable(b -> b.tableName(table)
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(
                                AttributeDefinition.builder().attributeName(partitionKey).attributeType(ScalarAttributeType.S).build(),
                                AttributeDefinition.builder().attributeName(sortKey).attributeType(ScalarAttributeType.S).build())
                        .keySchema(
                                KeySchemaElement.builder().attributeName(partitionKey).keyType(KeyType.HASH).build(),
                                KeySchemaElement.builder().attributeName(sortKey).keyType(KeyType.RANGE).build()));
            } catch (ResourceInUseException raced) {
                // another process created it first
            }
            client.waiter().waitUntilTableExists(b -> b.tableName(table));
        } catch (SdkClientException e) {
            throw new SinkException("Cannot reach DynamoDB at " + endpoint + ": " + e.getMessage()
                    + " (is the stack up? ./fluxo stack up, or set fluxo.dynamodb.endpoint)", e);
        }
    }
}
