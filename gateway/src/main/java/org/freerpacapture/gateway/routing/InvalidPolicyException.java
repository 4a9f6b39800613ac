package org.freerpacapture.gateway.routing;

import java.util.List;
import java.util.stream.Collectors;

/** A policy document was rejected; {@link #errors()} lists every problem found, each with its JSON pointer. */
public final class InvalidPolicyException extends RuntimeException {

    private final List<ValidationError> errors;

    public InvalidPolicyException(List<ValidationError> errors) {
        super("invalid routing policy: " + errors.stream().map(ValidationError::toString)
                .collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<ValidationError> errors() {
        return errors;
    }
}
