package io.omniqueue.web;

import io.omniqueue.platform.InputText;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.apache.tomcat.util.res.StringManager;

/**
 * Tomcat's error report as a problem document. Tomcat answers some requests itself, before any
 * filter or servlet runs (a path it can't decode, a character HTTP does not allow in the request
 * line or a header, headers over {@code server.max-http-request-header-size}, an unknown HTTP
 * version); its default report is an HTML page. Tomcat's own message quotes the request and is
 * kept out: the detail is ours, as precise as what the valve can tell.
 */
public class ProblemReportValve extends ErrorReportValve {

    /** Tomcat's message for oversized headers, in the language Tomcat wrote it (null if the key is gone). */
    private static final String HEADERS_TOO_LARGE =
            StringManager.getManager("org.apache.coyote.http11").getString("iib.requestheadertoolarge.error");

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        String detail = status == 400 ? badRequest(request, throwable) : ContainerProblems.detail(status);
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                // Both texts are ours (no quote, backslash or control character): no JSON escaping needed.
                writer.write("{\"type\":\"about:blank\",\"title\":\"" + ContainerProblems.title(status) + "\",\"status\":"
                        + status + ",\"detail\":\"" + detail + "\"}");
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response was taken over: nothing more to say
        }
    }

    private static String badRequest(Request request, Throwable throwable) {
        if (throwable != null && HEADERS_TOO_LARGE != null && HEADERS_TOO_LARGE.equals(throwable.getMessage())) {
            return "the request line and headers are larger than this server accepts";
        }
        if (throwable instanceof IllegalArgumentException) {
            // Http11InputBuffer's refusals: the request line or a header line broke HTTP's syntax.
            return "the request line or a header is not valid HTTP: a character HTTP does not allow in the method,"
                    + " the path, the protocol or a header";
        }
        String path = request.getCoyoteRequest().requestURI().toString();
        String problem = path == null ? null : pathProblem(path);
        return problem != null ? problem : ContainerProblems.detail(400);
    }

    /** What is wrong with a path that Tomcat refused to decode or normalize, or null if we see nothing. */
    static String pathProblem(String rawPath) {
        String decoded;
        try {
            decoded = PercentDecoding.decode("the path", rawPath, false);
        } catch (BadRequestException e) {
            return e.getMessage();
        }
        String lower = rawPath.toLowerCase(Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%5c") || decoded.contains("\\")) {
            return "the path contains an encoded '/' or a backslash, which this server refuses";
        }
        String control = InputText.lineProblem(decoded, Integer.MAX_VALUE).orElse(null);
        if (control != null) {
            return "the path " + control;
        }
        int depth = 0;
        for (String segment : decoded.split("/")) {
            depth += "..".equals(segment) ? -1 : segment.isEmpty() || ".".equals(segment) ? 0 : 1;
            if (depth < 0) {
                return "the path climbs above the root with '..'";
            }
        }
        return null;
    }
}
