package org.freerpacapture.gateway.routing;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** A policy file could not be read, or is not a valid policy; the message names the file and every error. */
public final class PolicyFileException extends RuntimeException {

    private final Path path;
    private final List<ValidationError> errors;

    PolicyFileException(Path path, List<ValidationError> errors) {
        super("routing policy " + path + " is invalid: " + errors.stream().map(ValidationError::toString)
                .collect(Collectors.joining("; ")));
        this.path = path;
        this.errors = List.copyOf(errors);
    }

    PolicyFileException(Path path, Exception cause) {
        super("cannot read routing policy " + path + ": " + cause, cause);
        this.path = path;
        this.errors = List.of();
    }

    public Path path() {
        return path;
    }

    /** The validation errors; empty when the file could not be read at all. */
    public List<ValidationError> errors() {
        return errors;
    }
}
