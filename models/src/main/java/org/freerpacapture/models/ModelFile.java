package org.freerpacapture.models;

/**
 * One file of the model manifest: what it is, where it came from and how to recognise it.
 *
 * @param id      stable identifier used by the engine ({@code ppocr-v4-det})
 * @param version model family version ({@code PP-OCRv4})
 * @param role    detection, recognition, angle-classifier or dictionary
 * @param file    file name inside the packaged models folder
 * @param sha256  expected SHA-256 of the file, lower-case hex
 * @param size    expected size in bytes
 * @param licence SPDX licence identifier
 * @param source  Maven coordinates and path the file was taken from
 */
public record ModelFile(String id, String version, String role, String file, String sha256, long size,
                        String licence, String source) {
}
