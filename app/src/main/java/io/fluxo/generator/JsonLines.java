package io.fluxo.generator;

import static java.util.Objects.requireNonNull;

import io.fluxo.config.UserException;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/** Expectation files: one JSON object a line, written and read with one-line errors naming the file and line. */
public final class JsonLines {
    private JsonLines() {
    }

    /** Writes (replacing) {@code file}, creating its parent directories. */
    public static <T> void write(Path file, Collection<T> items, Function<T, String> toLine) {
        requireNonNull(file, "file");
        requireNonNull(items, "items");
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                for (T item : items) {
                    out.write(toLine.apply(item));
                    out.write('\n');
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new UserException("Cannot write expectation " + file + ": " + reason(e), e);
        }
    }

    /**
     * Fails now rather than after a long run when {@code file} could not be written: creates its parent
     * directories and checks they are writable.
     */
    public static void checkWritable(Path file) {
        requireNonNull(file, "file");
        Path parent = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UserException("Cannot write expectation " + file + ": " + reason(e), e);
        }
        if (Files.isDirectory(file)) {
            throw new UserException("Cannot write expectation " + file + ": it is a directory");
        }
        if (!Files.isWritable(parent) || (Files.exists(file) && !Files.isWritable(file))) {
            throw new UserException("Cannot write expectation " + file + ": permission denied");
        }
    }

    /**
     * Reads every non-blank line; a line {@code fromLine} rejects (IllegalArgumentException) is named in the
     * error, and a missing file names the command that writes one ({@code howToWrite}).
     */
    public static <T> List<T> read(Path file, Function<String, T> fromLine, String howToWrite) {
        requireNonNull(file, "file");
        List<T> result = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    result.add(fromLine.apply(line));
                } catch (IllegalArgumentException e) {
                    throw new UserException("Cannot read expectation " + file + " line " + number + ": " + e.getMessage());
                }
            }
        } catch (NoSuchFileException e) {
            throw new UserException("Cannot read expectation " + file + ": no such file (write one with " + howToWrite + ")");
        } catch (IOException e) {
            throw new UserException("Cannot read expectation " + file + ": " + reason(e), e);
        }
        return result;
    }

    /**
     * One line as a JSON object, for a {@code fromLine} of {@link #read}.
     *
     * @throws IllegalArgumentException "not JSON (…)" or "not a JSON object"
     */
    public static com.fasterxml.jackson.databind.JsonNode object(com.fasterxml.jackson.databind.ObjectMapper json,
            String line) {
        com.fasterxml.jackson.databind.JsonNode node;
        try {
            node = json.readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON (" + e.getOriginalMessage() + ")");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return node;
    }

    static String reason(Exception e) {
        Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
        if (cause instanceof AccessDeniedException) {
            return "permission denied";
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
