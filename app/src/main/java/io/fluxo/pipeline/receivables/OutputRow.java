package io.fluxo.pipeline.receivables;

import java.io.Serializable;

/**
 * What the stateful step emits for the sinks: a history item (DynamoDB), a lifecycle document
 * (OpenSearch, versioned by the batch's processing time) or a dead letter (Kafka).
 */
public class OutputRow implements Serializable {
    public static final String HISTORY = "HISTORY";
    public static final String DOCUMENT = "DOCUMENT";
    public static final String DEAD_LETTER = "DEAD_LETTER";

    private String kind;
    private String id;
    private String sortKey;
    private String json;
    private long version;
    private String situacao;

    public OutputRow() {
    }

    public OutputRow(String kind, String id, String sortKey, String json, long version, String situacao) {
        this.kind = kind;
        this.id = id;
        this.sortKey = sortKey;
        this.json = json;
        this.version = version;
        this.situacao = situacao;
    }

    public String getKind() { return kind; }
    public void setKind(String kind) { this.kind = kind; }
    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getSortKey() { return sortKey; }
    public void setSortKey(String sortKey) { this.sortKey = sortKey; }
    public String getJson() { return json; }
    public void setJson(String json) { this.json = json; }
    public long getVersion() { return version; }
    public void setVersion(long version) { this.version = version; }
    public String getSituacao() { return situacao; }
    public void setSituacao(String situacao) { this.situacao = situacao; }
}
