package org.freerpacapture.gateway.config;

/** A setting has a value the gateway cannot start with; the message names the setting and where it came from. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
