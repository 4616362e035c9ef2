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
import io.omniqueue.reply.BasedOnUnknownMessageException;
import io.omniqueue.reply.NewerMessagesException;
import io.omniqueue.reply.ReplyNotFoundException;
import io.omniqueue.reply.ReplyRejectedException;
import java.net.URI;
import java.sql.SQLException;
import java.util.stream.Collectors;
import org.apache.camel.CamelExecutionException;
import org.apache.tomcat.util.http.fileupload.impl.SizeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
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
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MultipartException;
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

    /** Closing a closed conversation: nothing would change, at the source neither. */
    @ExceptionHandler(io.omniqueue.conversation.ConversationAlreadyClosedException.class)
    ProblemDetail alreadyClosed(io.omniqueue.conversation.ConversationAlreadyClosedException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }

    /** The send guard: the reply was written over an older state of the conversation; {@code newer} says what came since. */
    @ExceptionHandler(NewerMessagesException.class)
    ProblemDetail newerMessages(NewerMessagesException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setProperty("newer", e.newer().stream()
                .map(m -> new NewerMessage(m.id(), m.direction().name(), m.authorRole().name(), m.author(), m.body(), m.sentAt()))
                .toList());
        return problem;
    }

    @ExceptionHandler(BasedOnUnknownMessageException.class)
    ProblemDetail basedOnUnknown(BasedOnUnknownMessageException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    record NewerMessage(long id, String direction, String authorRole, String author, String body, java.time.Instant sentAt) {
    }

    @ExceptionHandler(CorrectionTooLargeException.class)
    ProblemDetail tooLarge(CorrectionTooLargeException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE, e.getMessage());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail badParameter(MethodArgumentTypeMismatchException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                e.getName() + " has an invalid value '" + quoted(e.getValue()) + "'");
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
        if (cause instanceof DataIntegrityViolationException refused) {
            return refusedByTheStore(refused);
        }
        // The cause's message is ours or the driver's, never the caller's business: the log has it.
        log.error("Ingest failed", e);
        return ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "the message could not be ingested because of an internal error; it has been logged, nothing was stored");
    }

    /**
     * A value that passed the checks above and was still refused by the database: 409 for a key
     * taken meanwhile, 422 for the rest, in words; the driver's text (SQL, table and constraint
     * names) only goes to the log.
     */
    @ExceptionHandler(DataIntegrityViolationException.class)
    ProblemDetail refusedByTheStore(DataIntegrityViolationException e) {
        String state = sqlState(e);
        log.warn("The database refused a request's data (SQLState {})", state, e);
        if (e instanceof DuplicateKeyException || "23505".equals(state)) {
            return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                    "the request conflicts with a record stored meanwhile (the same id or key); nothing was changed");
        }
        String what = switch (state == null ? "" : state) {
            case "22001" -> "a value is longer than can be stored";
            case "22021", "22P05" -> "a value contains characters that can't be stored";
            case "22007", "22008" -> "a time is outside the range that can be stored";
            case "23502" -> "a required value is missing";
            case "23503" -> "it refers to a record that does not exist";
            default -> "a value can't be stored as it is";
        };
        return ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY, what + "; nothing was changed");
    }

    @ExceptionHandler(MultipartException.class)
    ProblemDetail badMultipart(MultipartException e) {
        log.debug("Unreadable multipart request", e);
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "the multipart/form-data body can't be read: check its boundary and parts");
    }

    /** Whatever else went wrong is ours: logged, answered without its message (it may hold internals). */
    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) throws Exception {
        // Left to whoever answers them: Spring Security (401/403) and @ResponseStatus exceptions.
        if (e.getClass().getName().startsWith("org.springframework.security.")
                || AnnotatedElementUtils.hasAnnotation(e.getClass(), ResponseStatus.class)) {
            throw e;
        }
        log.error("Request failed", e);
        return ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "an internal error occurred; it has been logged");
    }

    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
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
                HttpStatus.PAYLOAD_TOO_LARGE, tooLarge(e)));
    }

    private static String tooLarge(org.springframework.web.multipart.MaxUploadSizeExceededException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // Tomcat's limit on each part's headers (server.tomcat.max-part-header-size), which Spring reports as this too.
            if (t instanceof SizeException size && String.valueOf(t.getMessage()).startsWith("Header section")) {
                return "the headers of a part (its name, file name and type) are longer than the " + size.getPermittedSize()
                        + " bytes this server accepts";
            }
        }
        return "the files exceed what this service accepts (32 MB a request, 30 MB a file)";
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
        if (cause instanceof StrictUtf8InputStream.MalformedException malformed) {
            return malformed.getMessage();
        }
        if (cause instanceof JsonParseException parse) {
            return "malformed JSON at line " + parse.getLocation().getLineNr() + ", column "
                    + parse.getLocation().getColumnNr() + ": " + withoutSource(parse.getOriginalMessage());
        }
        if (cause instanceof InvalidFormatException format && !format.getPath().isEmpty()) {
            return path(format) + " has an invalid value '" + quoted(format.getValue()) + "'"
                    + (format.getTargetType() != null && format.getTargetType().getSimpleName().contains("DateTime")
                    ? ": expected an ISO-8601 timestamp with offset, such as 2026-11-22T10:15:30Z" : "");
        }
        if (cause instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return mismatch.getPath().isEmpty() ? "request body must be " + expected(mismatch.getTargetType())
                    : path(mismatch) + " has the wrong type: expected " + expected(mismatch.getTargetType());
        }
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            // Jackson's own words here name Java types and classes: the field is what the caller needs.
            log.debug("Unmappable request body", mapping);
            return path(mapping) + " can't be read";
        }
        return "request body is missing or is not valid JSON";
    }

    /** What the caller should have sent, in JSON's words rather than Java's. */
    private static String expected(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (CharSequence.class.isAssignableFrom(type) || type.isEnum()) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 timestamp with offset, such as 2026-11-22T10:15:30Z";
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    /** Jackson appends where its input came from ("[Source: REDACTED ...]"), which says nothing to a caller. */
    private static String withoutSource(String message) {
        int source = message.indexOf(" (start marker at [Source");
        source = source >= 0 ? source : message.indexOf("[Source");
        return (source >= 0 ? message.substring(0, source) : message).strip();
    }

    /** An echoed value, short enough to read. */
    private static String quoted(Object value) {
        String text = String.valueOf(value);
        return text.length() <= 100 ? text : text.substring(0, 100) + "…";
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }
}
