package io.omniqueue.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * JSON bodies (RFC 8259 wants them in UTF-8) are read through {@link StrictUtf8InputStream}: a
 * body that is not UTF-8 ends as a 400 "request body is not valid UTF-8" before a field is read.
 * A body that declares another charset is decoded as declared, by the converter.
 */
@Component
class JsonBodyUtf8Filter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(isUtf8Json(request.getContentType()) ? new StrictUtf8Request(request) : request, response);
    }

    private static boolean isUtf8Json(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            boolean json = "application".equals(type.getType())
                    && ("json".equals(type.getSubtype()) || type.getSubtype().endsWith("+json"));
            return json && (type.getCharset() == null || StandardCharsets.UTF_8.equals(type.getCharset()));
        } catch (InvalidMediaTypeException unreadable) {
            return false; // the converter answers 415 for it
        }
    }

    private static final class StrictUtf8Request extends HttpServletRequestWrapper {

        private ServletInputStream body;

        StrictUtf8Request(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (body == null) {
                ServletInputStream raw = super.getInputStream();
                StrictUtf8InputStream strict = new StrictUtf8InputStream(raw);
                body = new ServletInputStream() {
                    @Override
                    public int read() throws IOException {
                        return strict.read();
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        return strict.read(b, off, len);
                    }

                    @Override
                    public boolean isFinished() {
                        return raw.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return raw.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        raw.setReadListener(listener);
                    }
                };
            }
            return body;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }
    }
}
