package io.fluxo.config;

/**
 * An error the user can fix (bad flag, malformed config, unreachable server, port in use).
 * The CLI prints its message as one line and exits non-zero, without a stack trace.
 */
public class UserException extends RuntimeException {
    public UserException(String message) {
        super(message);
    }

    public UserException(String message, Throwable cause) {
        super(message, cause);
    }
}
