package org.freerpacapture.adapters;

import java.nio.file.Path;

/** The provider rules tests run under: loopback fakes reachable, secrets read from the temporary directory. */
public final class FakeSafety {

    public static final ProviderSafety RULES = ProviderSafety.defaults().withLoopback(true)
            .withSecretDir(Path.of(System.getProperty("java.io.tmpdir")));

    private FakeSafety() {
    }
}
