package org.freerpacapture.gateway.http;

/**
 * The document as received, before decoding.
 *
 * @param bytes     the file
 * @param mediaType declared by the caller, or sniffed when the declaration said nothing useful
 */
public record Upload(byte[] bytes, String mediaType) {
}
