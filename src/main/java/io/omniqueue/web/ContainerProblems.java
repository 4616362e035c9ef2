package io.omniqueue.web;

import org.springframework.http.HttpStatus;

/** The detail of a problem that the container raised before (or outside) the API's own handling. */
final class ContainerProblems {

    private ContainerProblems() {
    }

    static String detail(int status) {
        return switch (status) {
            case 400 -> "the request is not valid HTTP";
            case 404 -> "nothing exists at this path";
            case 405 -> "this method is not allowed at this path";
            case 408 -> "the request took too long to arrive";
            case 413 -> "the request body is larger than this server accepts";
            case 414 -> "the request path and query are longer than this server accepts";
            case 431 -> "the request headers are larger than this server accepts";
            case 501 -> "this method is not implemented";
            case 505 -> "this HTTP version is not supported: use HTTP/1.1";
            default -> status >= 500 ? "an internal error occurred; it has been logged" : reason(status);
        };
    }

    static String title(int status) {
        return reason(status);
    }

    private static String reason(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? "Error " + status : known.getReasonPhrase();
    }
}
