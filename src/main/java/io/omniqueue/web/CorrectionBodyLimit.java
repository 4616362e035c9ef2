package io.omniqueue.web;

import io.omniqueue.quarantine.QuarantineSettings;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Refuses a quarantine correction whose request body is far too big before Jackson reads it into
 * memory: by its Content-Length when it has one, else as soon as the bytes read pass the bound.
 * The exact limit, on the correction as stored, is the quarantine's own check.
 */
@ControllerAdvice(assignableTypes = QuarantineController.class)
class CorrectionBodyLimit extends RequestBodyAdviceAdapter {

    private final QuarantineSettings settings;

    CorrectionBodyLimit(QuarantineSettings settings) {
        this.settings = settings;
    }

    @Override
    public boolean supports(MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converter) {
        return parameter.getParameterType() == QuarantineController.RetryRequest.class;
    }

    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage input, MethodParameter parameter, Type targetType,
                                           Class<? extends HttpMessageConverter<?>> converter) throws IOException {
        long bound = settings.maxCorrectionRequestBytes();
        long declared = input.getHeaders().getContentLength();
        if (declared > bound) {
            throw new RequestBodyTooLargeException("the request body is " + declared + " bytes", settings);
        }
        InputStream body = new Bounded(input.getBody(), bound, settings);
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return body;
            }

            @Override
            public HttpHeaders getHeaders() {
                return input.getHeaders();
            }
        };
    }

    /** Counts what is read and stops at the bound (a chunked body declares no length). */
    private static final class Bounded extends FilterInputStream {

        private final long bound;
        private final QuarantineSettings settings;
        private long read;

        Bounded(InputStream in, long bound, QuarantineSettings settings) {
            super(in);
            this.bound = bound;
            this.settings = settings;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws RequestBodyTooLargeException {
            read += n;
            if (read > bound) {
                throw new RequestBodyTooLargeException("the request body is over " + bound + " bytes", settings);
            }
        }
    }

    /** An IOException so that Jackson passes it on as it is; the API answers it with 413. */
    static final class RequestBodyTooLargeException extends IOException {

        RequestBodyTooLargeException(String size, QuarantineSettings settings) {
            super(size + "; a correction may be at most " + settings.maxCorrectionBytes()
                    + " bytes (omniqueue.quarantine.max-correction-bytes), and a body over "
                    + settings.maxCorrectionRequestBytes() + " bytes is refused unread");
        }
    }
}
