package org.freerpacapture.models;

/** A model file is missing or its contents differ from the manifest; the message names the file and both checksums. */
public final class ModelIntegrityException extends RuntimeException {
    public ModelIntegrityException(String message) {
        super(message);
    }

    public ModelIntegrityException(String message, Throwable cause) {
        super(message, cause);
    }
}
