/**
 * A loopback AWS Textract ({@link org.freerpacapture.fakes.textract.TextractFake}) speaking AWS JSON 1.1, with
 * SigV4 header checks and faults on demand; run {@code TextractFake [port] [region]} to try the gateway by hand.
 */
package org.freerpacapture.fakes.textract;
