package io.fluxo.sink;

/** A sink stayed down or kept refusing data after its retries; the micro-batch fails and is retried on restart. */
public class SinkException extends RuntimeException {
    public SinkException(String message) {
        super(message);
    }

    public SinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
