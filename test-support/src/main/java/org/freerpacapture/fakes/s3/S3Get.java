package org.freerpacapture.fakes.s3;

import java.util.List;

/**
 * One GetObject the fake answered (signature checked), for tests to assert on.
 *
 * @param bucket        the bucket, from the path
 * @param key           the key, decoded
 * @param rawPath       the path as it arrived, still encoded
 * @param region        the region of the signature's credential scope
 * @param accessKeyId   the access key id of the signature's credential scope
 * @param signedHeaders the header names the signature covers
 * @param payloadHash   the {@code x-amz-content-sha256} header
 * @param sessionToken  the {@code X-Amz-Security-Token} header (temporary credentials), or null
 */
public record S3Get(String bucket, String key, String rawPath, String region, String accessKeyId,
                    List<String> signedHeaders, String payloadHash, String sessionToken) {
}
