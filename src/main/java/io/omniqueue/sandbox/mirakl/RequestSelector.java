package io.omniqueue.sandbox.mirakl;

import java.util.regex.Pattern;

/**
 * Picks requests by method and path (query string excluded), the path regex matching the whole path.
 * A null or "ANY" method matches every method.
 */
record RequestSelector(String method, Pattern path) {

    static RequestSelector of(String method, String pathRegex) {
        return new RequestSelector(method, Pattern.compile(pathRegex));
    }

    boolean matches(String requestMethod, String requestPath) {
        boolean methodMatches = method == null || "ANY".equalsIgnoreCase(method)
                || method.equalsIgnoreCase(requestMethod);
        return methodMatches && path.matcher(requestPath).matches();
    }
}
