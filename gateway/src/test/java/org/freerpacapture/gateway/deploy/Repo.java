package org.freerpacapture.gateway.deploy;

import java.nio.file.Path;

/** Where the repository's files are: tests run in the gateway module's directory. */
final class Repo {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private Repo() {
    }
}
