package org.freerpacapture.fakes.textract;

import java.util.List;

/**
 * One request the fake answered, for tests to assert on.
 *
 * @param target        the {@code X-Amz-Target} operation, e.g. {@code Textract.AnalyzeDocument}
 * @param featureTypes  the AnalyzeDocument feature types sent (empty for text detection)
 * @param documentBytes the decoded size of {@code Document.Bytes}
 * @param region        the region of the signature's credential scope
 * @param accessKeyId   the access key id of the signature's credential scope
 * @param traceparent   the W3C {@code traceparent} header the call carried, or null when it carried none
 * @param documentSha256 the hex SHA-256 of the decoded {@code Document.Bytes}, to compare with what a caller sent
 * @param sessionToken  the {@code X-Amz-Security-Token} header (temporary credentials), or null
 */
public record TextractCall(String target, List<String> featureTypes, int documentBytes, String region,
                           String accessKeyId, String traceparent, String documentSha256, String sessionToken) {
}
