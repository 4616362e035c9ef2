package io.omniqueue.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.omniqueue.conversation.ConversationNotFoundException;
import io.omniqueue.conversation.InvalidCursorException;
import io.omniqueue.quarantine.CorrectionTooLargeException;
import io.omniqueue.quarantine.InvalidCorrectionException;
import io.omniqueue.quarantine.QuarantineEntryClosedException;
import io.omniqueue.quarantine.QuarantineEntryNotFoundException;
import io.omniqueue.reply.ReplyNotFoundException;
import io.omniqueue.reply.ReplyRejectedException;
import java.net.URI;
import java.util.stream.Collectors;
import org.apache.camel.CamelExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Every error of the API is an RFC 9457 problem whose {@code detail} says what is wrong. */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final ObjectMapper json;

    ApiExceptionHandler(ObjectMapper json) {
        this.json = json;
    }

    @ExceptionHandler({NotFoundException.class, ConversationNotFoundException.class, ReplyNotFoundException.class,
            QuarantineEntryNotFoundException.class})
    ProblemDetail notFound(RuntimeException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler({BadRequestException.class, InvalidCursorException.class, InvalidCorrectionException.class})
    ProblemDetail badRequest(RuntimeException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    /** Already ingested or discarded: the request can't apply to the entry as it now is. */
    @ExceptionHandler(QuarantineEntryClosedException.class)
    ProblemDetail conflict(QuarantineEntryClosedException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(CorrectionTooLargeException.class)
    ProblemDetail tooLarge(CorrectionTooLargeException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE, e.getMessage());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail badParameter(MethodArgumentTypeMismatchException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                e.getName() + " has an invalid value '" + e.getValue() + "'");
    }

    @ExceptionHandler(ReplyRejectedException.class)
    ProblemDetail rejected(ReplyRejectedException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY, "reply refused: " + e.getMessage());
    }

    /** The database is unreachable or busy: the client should try again; nothing was stored. */
    @ExceptionHandler({TransientDataAccessException.class, CannotGetJdbcConnectionException.class})
    ProblemDetail unavailable(RuntimeException e) {
        log.warn("Request failed on a transient database error", e);
        return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, "storage temporarily unavailable, retry later");
    }

    @ExceptionHandler(CamelExecutionException.class)
    ProblemDetail camel(CamelExecutionException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        if (cause instanceof TransientDataAccessException || cause instanceof CannotGetJdbcConnectionException) {
            return unavailable((RuntimeException) cause);
        }
        log.error("Ingest failed", e);
        return ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "ingest failed: " + cause.getMessage());
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        String detail = e.getBindingResult().getFieldErrors().stream()
                .map(error -> error.getField() + " " + error.getDefaultMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        return ResponseEntity.badRequest().body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail));
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(
            org.springframework.web.multipart.MaxUploadSizeExceededException e, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).body(ProblemDetail.forStatusAndDetail(
                HttpStatus.PAYLOAD_TOO_LARGE, "the files exceed what this service accepts (32 MB a request, 30 MB a file)"));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        if (e.getCause() instanceof CorrectionBodyLimit.RequestBodyTooLargeException tooLarge) {
            return bodyTooLarge(tooLarge, request);
        }
        return ResponseEntity.badRequest().body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, unreadable(e)));
    }

    /**
     * The client may still be sending the body we won't read. Tomcat then reads at most 2 MB more
     * of it and closes the connection, before a chunked answer would have ended: so this answer is
     * written whole, with its Content-Length, and says that the connection closes.
     */
    private ResponseEntity<Object> bodyTooLarge(CorrectionBodyLimit.RequestBodyTooLargeException e, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE, e.getMessage());
        if (request instanceof ServletWebRequest servlet) {
            problem.setInstance(URI.create(servlet.getRequest().getRequestURI()));
        }
        byte[] body;
        try {
            body = json.writeValueAsBytes(problem);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("a problem detail is always serializable", impossible);
        }
        return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .contentLength(body.length)
                .header(HttpHeaders.CONNECTION, "close")
                .body(body);
    }

    private static String unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonParseException parse) {
            return "malformed JSON at line " + parse.getLocation().getLineNr() + ", column "
                    + parse.getLocation().getColumnNr() + ": " + parse.getOriginalMessage();
        }
        if (cause instanceof InvalidFormatException format) {
            return path(format) + " has an invalid value '" + format.getValue() + "'"
                    + (format.getTargetType() != null && format.getTargetType().getSimpleName().contains("DateTime")
                    ? ": expected an ISO-8601 timestamp with offset, such as 2026-11-22T10:15:30Z" : "");
        }
        if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            return path(mismatch) + " has the wrong type: " + mismatch.getOriginalMessage();
        }
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return path(mapping) + ": " + mapping.getOriginalMessage();
        }
        return "request body is missing or is not valid JSON";
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }
}
