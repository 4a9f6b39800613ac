package org.freerpacapture.gateway.http;

import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;

/**
 * Reads a {@code multipart/form-data} body into memory as it arrives, keeping only the {@code file} part and never
 * writing to disk: a document is at most {@code GATEWAY_MAX_BYTES} and is held in memory for decoding anyway, so a
 * temporary file would only add a file to clean up on every way a request can end. Refuses, before the body is
 * all read, more parts than a document upload needs, a part past the size limit, and bodies that are not
 * multipart; what it keeps is handed on under {@link #PART}.
 */
final class MultipartIntake implements Handler<RoutingContext> {

    /** Where the {@code file} part is kept in the routing context. */
    static final String PART = "gateway.multipart.file";
    /** Parts (files and fields) one upload may have: one file, and a few fields a form tool may add. */
    static final int MAX_PARTS = 16;
    /** Largest form field (a non-file part); the listener refuses larger ones as they arrive. */
    static final int MAX_FIELD_BYTES = 8 * 1024;
    /** How far into the body its first boundary is looked for. */
    private static final int OPENING_BYTES = 4 * 1024;

    /** The {@code file} part as received. */
    record FilePart(byte[] bytes, String contentType) {
    }

    private final long maxFileBytes;
    private final long maxBodyBytes;

    MultipartIntake(long maxFileBytes, long maxBodyBytes) {
        this.maxFileBytes = maxFileBytes;
        this.maxBodyBytes = maxBodyBytes;
    }

    static boolean isMultipart(RoutingContext ctx) {
        String declared = MediaTypes.essence(ctx.request().getHeader("Content-Type"));
        return declared != null && declared.startsWith("multipart/form-data");
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String length = request.getHeader("Content-Length");
        if (length != null && length.chars().allMatch(Character::isDigit) && length.length() < 19
                && Long.parseLong(length) > maxBodyBytes) {
            refuse(ctx, tooLarge());
            return;
        }
        String boundary = boundaryOf(request.getHeader("Content-Type"));
        if (boundary == null) {
            refuse(ctx, ApiException.badRequest("malformed_multipart", "multipart/form-data needs a boundary"
                    + " parameter: Content-Type: multipart/form-data; boundary=..."));
            return;
        }
        Reading reading = new Reading(ctx, ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1));
        request.handler(reading::opening);
        request.setExpectMultipart(true);
        request.uploadHandler(reading::part);
        request.exceptionHandler(reading::failed);
        request.endHandler(done -> reading.ended());
        request.resume();
    }

    /** The boundary parameter of a multipart Content-Type, or {@code null}. */
    static String boundaryOf(String contentType) {
        for (String param : contentType.split(";")) {
            String p = param.trim();
            if (p.regionMatches(true, 0, "boundary=", 0, 9) && p.length() > 9) {
                String value = p.substring(9);
                return value.startsWith("\"") && value.endsWith("\"") && value.length() > 2
                        ? value.substring(1, value.length() - 1) : value;
            }
        }
        return null;
    }

    private ApiException tooLarge() {
        return new ApiException(413, "payload_too_large", "the multipart body is larger than " + maxBodyBytes
                + " bytes, or its 'file' part larger than " + maxFileBytes + " bytes");
    }

    /**
     * Answers before the body is all read: the rest of it is not wanted, so the connection closes after the
     * answer instead of reading it.
     */
    private static void refuse(RoutingContext ctx, ApiException error) {
        if (ctx.response().ended() || ctx.failed()) {
            return;
        }
        ctx.response().putHeader("Connection", "close");
        ctx.addEndHandler(done -> ctx.request().connection().close());
        ctx.fail(error);
    }

    /** One request's reading; touched only on its event loop. */
    private final class Reading {

        private final RoutingContext ctx;
        private final byte[] delimiter;
        /** The body's first bytes, until they show the boundary; {@code null} once they did. */
        private Buffer opening = Buffer.buffer();
        private Buffer file;
        private String contentType;
        private int parts;
        private long received;
        private boolean over;

        Reading(RoutingContext ctx, byte[] delimiter) {
            this.ctx = ctx;
            this.delimiter = delimiter;
        }

        /** Watches the body's start for the boundary, so garbage is told apart from a field too large. */
        void opening(Buffer chunk) {
            if (opening == null || opening.length() > OPENING_BYTES) {
                return;
            }
            opening.appendBuffer(chunk, 0, Math.min(chunk.length(), OPENING_BYTES));
            if (opening.toString(StandardCharsets.ISO_8859_1)
                    .contains(new String(delimiter, StandardCharsets.ISO_8859_1))) {
                opening = null;
            }
        }

        void part(HttpServerFileUpload upload) {
            parts++;
            if (parts > MAX_PARTS) {
                stop(new ApiException(413, "too_many_parts", "the multipart body has more than " + MAX_PARTS
                        + " parts; send the document as one 'file' part"));
                return;
            }
            boolean keep = UploadReader.FILE_PART.equals(upload.name()) && file == null;
            if (keep) {
                file = Buffer.buffer();
                contentType = upload.contentType();
            }
            Buffer target = keep ? file : null;
            upload.handler(chunk -> take(chunk, target));
            upload.exceptionHandler(this::failed);
        }

        private void take(Buffer chunk, Buffer target) {
            received += chunk.length();
            if (over) {
                return;
            }
            if (received > maxBodyBytes || target != null && target.length() + chunk.length() > maxFileBytes) {
                stop(tooLarge());
                return;
            }
            if (target != null) {
                target.appendBuffer(chunk);
            }
        }

        void failed(Throwable e) {
            // Fields were told apart, so the body is multipart; a field "too long" before any boundary is garbage.
            boolean counted = e instanceof HttpPostRequestDecoder.TooManyFormFieldsException;
            stop(opening != null && !counted ? malformed() : classify(e));
        }

        void ended() {
            if (over) {
                return;
            }
            over = true;
            if (ctx.request().formAttributes().size() + parts > MAX_PARTS) {
                refuse(ctx, new ApiException(413, "too_many_parts", "the multipart body has more than " + MAX_PARTS
                        + " parts; send the document as one 'file' part"));
                return;
            }
            if (file != null) {
                ctx.put(PART, new FilePart(file.getBytes(), contentType));
            }
            ctx.next();
        }

        private void stop(ApiException error) {
            if (over) {
                return;
            }
            over = true;
            file = null;
            refuse(ctx, error);
        }
    }

    /** What the multipart decoder's own refusals mean for the caller. */
    static ApiException classify(Throwable e) {
        if (e instanceof HttpPostRequestDecoder.TooManyFormFieldsException) {
            return new ApiException(413, "too_many_parts", "the multipart body has more than " + MAX_PARTS
                    + " parts; send the document as one 'file' part");
        }
        if (e instanceof HttpPostRequestDecoder.TooLongFormFieldException
                || String.valueOf(e.getMessage()).contains("exceed allowed maximum")) {
            return new ApiException(413, "field_too_large", "a form field of the multipart body is larger than "
                    + MAX_FIELD_BYTES + " bytes");
        }
        return malformed();
    }

    private static ApiException malformed() {
        return ApiException.badRequest("malformed_multipart", "the multipart/form-data body cannot be read: check"
                + " its boundary and part headers");
    }
}
