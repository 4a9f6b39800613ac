/**
 * A loopback Amazon S3 answering GetObject ({@link org.freerpacapture.fakes.s3.S3Fake}), path-style, with SigV4
 * checks and S3's error documents.
 */
package org.freerpacapture.fakes.s3;
