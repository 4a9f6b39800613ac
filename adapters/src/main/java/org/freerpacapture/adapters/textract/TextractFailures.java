package org.freerpacapture.adapters.textract;

import org.freerpacapture.adapters.resilience.ProviderCallException;
import org.freerpacapture.adapters.resilience.RetryAfter;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Reads an SDK failure as a {@link ProviderCallException}. The SDK's own retries are off, so every throttle and
 * fault arrives here once and the shared resilience layer decides whether to try again.
 */
final class TextractFailures {

    /** Codes that say the document itself is the problem; the service's message goes to the caller. */
    private static final Set<String> DOCUMENT_REJECTED = Set.of("InvalidParameterException",
            "UnsupportedDocumentException", "BadDocumentException", "DocumentTooLargeException",
            "InvalidS3ObjectException", "ValidationException");
    /** Codes that say our credentials or account are wrong: no retry will help, another provider might. */
    private static final Set<String> ACCOUNT_BROKEN = Set.of("AccessDeniedException", "UnrecognizedClientException",
            "InvalidSignatureException", "IncompleteSignatureException", "MissingAuthenticationTokenException",
            "ExpiredTokenException", "InvalidClientTokenId", "SignatureDoesNotMatch");

    private TextractFailures() {
    }

    static ProviderCallException classify(Throwable failure) {
        Throwable f = unwrap(failure);
        if (f instanceof ProviderCallException known) {
            return known;
        }
        if (f instanceof AwsServiceException service) {
            return classifyService(service);
        }
        if (f instanceof ApiCallTimeoutException || f instanceof ApiCallAttemptTimeoutException) {
            return ProviderCallException.timeout("Textract did not answer in time");
        }
        if (f instanceof SdkClientException client) {
            // Connection resets, refused connections and answers the SDK could not parse: transient as a rule.
            Throwable cause = client.getCause() != null ? unwrap(client.getCause()) : client;
            return ProviderCallException.unavailable("Textract call failed (" + describe(cause) + ")", null, client);
        }
        return ProviderCallException.forTransport(f);
    }

    private static ProviderCallException classifyService(AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        String text = message == null || message.isBlank() ? String.valueOf(code) : message;
        Duration retryAfter = e.awsErrorDetails() == null || e.awsErrorDetails().sdkHttpResponse() == null ? null
                : e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("Retry-After")
                        .flatMap(RetryAfter::parse).orElse(null);
        if (e.isThrottlingException() || "ThrottlingException".equals(code)
                || "ProvisionedThroughputExceededException".equals(code) || "LimitExceededException".equals(code)) {
            return ProviderCallException.throttled("Textract throttled the call (" + code + ")", retryAfter);
        }
        if (code != null && DOCUMENT_REJECTED.contains(code)) {
            return ProviderCallException.rejected("Textract " + code + ": " + text);
        }
        if (code != null && ACCOUNT_BROKEN.contains(code)) {
            return ProviderCallException.broken("Textract refused the credentials (" + code + ")", null);
        }
        if (e.statusCode() >= 500 || "InternalServerError".equals(code)) {
            return ProviderCallException.unavailable("Textract failed (" + code + ", HTTP " + e.statusCode() + ")",
                    retryAfter, null);
        }
        return ProviderCallException.rejected("Textract " + code + ": " + text);
    }

    private static String describe(Throwable t) {
        return t.getClass().getSimpleName();
    }

    private static Throwable unwrap(Throwable t) {
        Throwable f = t;
        while ((f instanceof CompletionException || f instanceof ExecutionException) && f.getCause() != null) {
            f = f.getCause();
        }
        return f;
    }
}
