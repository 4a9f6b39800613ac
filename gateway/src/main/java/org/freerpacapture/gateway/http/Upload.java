package org.freerpacapture.gateway.http;

/**
 * The document as received, before decoding.
 *
 * @param bytes     the file
 * @param mediaType as declared by the caller (without parameters), or {@code null} when the declaration said
 *                  nothing useful ({@code application/octet-stream}, none) and the bytes must tell
 */
public record Upload(byte[] bytes, String mediaType) {
}
