/**
 * What every AWS call of the gateway shares: {@link org.freerpacapture.adapters.aws.SigV4} signs with the AWS SDK's
 * signer, {@link org.freerpacapture.adapters.aws.NonBlockingCredentials} holds the signing identity so no event loop
 * waits for the SDK's credentials chain, and {@link org.freerpacapture.adapters.aws.AwsEndpoints} names a service's
 * regional endpoint. The requests themselves go over Vert.x's HTTP client.
 */
package org.freerpacapture.adapters.aws;
