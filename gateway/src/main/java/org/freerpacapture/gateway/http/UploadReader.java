package org.freerpacapture.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Predicate;

/**
 * Intake: takes the document out of a request, either the raw body ({@code image/*}, {@code application/pdf}) or
 * the {@code file} part of a {@code multipart/form-data} body, and refuses media types no decoder reads.
 */
final class UploadReader {

    static final String FILE_PART = "file";

    private final long maxBytes;
    private final Predicate<String> supported;

    UploadReader(long maxBytes, Predicate<String> supported) {
        this.maxBytes = maxBytes;
        this.supported = supported;
    }

    Future<Upload> read(RoutingContext ctx) {
        String declared = MediaTypes.essence(ctx.request().getHeader("Content-Type"));
        if (declared != null && declared.startsWith("multipart/form-data")) {
            return fromMultipart(ctx);
        }
        Buffer body = ctx.body().buffer();
        try {
            return Future.succeededFuture(accept(body == null ? new byte[0] : body.getBytes(), declared));
        } catch (ApiException e) {
            return Future.failedFuture(e);
        }
    }

    private Future<Upload> fromMultipart(RoutingContext ctx) {
        MultipartIntake.FilePart file = ctx.get(MultipartIntake.PART);
        if (file == null) {
            return Future.failedFuture(ApiException.badRequest("missing_file",
                    "multipart/form-data body has no 'file' part"));
        }
        try {
            return Future.succeededFuture(accept(file.bytes(), MediaTypes.essence(file.contentType())));
        } catch (ApiException e) {
            return Future.failedFuture(e);
        }
    }

    private Upload accept(byte[] bytes, String declared) {
        if (bytes.length == 0) {
            throw ApiException.badRequest("empty_body", "the request carries no document");
        }
        if (bytes.length > maxBytes) {
            throw tooLarge();
        }
        if (MediaTypes.isUndeclared(declared)) {
            // The decoder recognises formats by their signature; it answers 415 when none matches.
            return new Upload(bytes, null);
        }
        if (!supported.test(declared)) {
            throw new ApiException(415, "unsupported_media_type", "unsupported document type '"
                    + (declared == null ? "none" : declared) + "'; send an image (JPEG, PNG, TIFF, WebP, BMP) or"
                    + " a PDF as the body or as the 'file' part of multipart/form-data");
        }
        return new Upload(bytes, declared);
    }

    ApiException tooLarge() {
        return new ApiException(413, "payload_too_large", "the document is larger than " + maxBytes + " bytes");
    }
}
