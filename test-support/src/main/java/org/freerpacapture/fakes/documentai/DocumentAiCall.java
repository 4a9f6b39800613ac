package org.freerpacapture.fakes.documentai;

/**
 * One {@code :process} call the fake answered, for tests to assert on.
 *
 * @param project       the project in the path
 * @param location      the location in the path
 * @param processor     the processor id in the path
 * @param mimeType      {@code rawDocument.mimeType}
 * @param documentBytes decoded size of {@code rawDocument.content}
 * @param accessToken   the bearer token the call carried
 */
public record DocumentAiCall(String project, String location, String processor, String mimeType, int documentBytes,
                             String accessToken) {
}
