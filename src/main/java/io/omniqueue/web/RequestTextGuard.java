package io.omniqueue.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Refuses, before any handler reads them, request text that Tomcat lets through: a query whose
 * percent-encoding is broken (Tomcat drops such a parameter silently, so a filter would vanish
 * from the request), query values and path segments with control characters. (The
 * security filter checks {@code X-Omniqueue-Agent} when it lets the request in: platform.Caller.)
 */
class RequestTextGuard implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        InputRules.line("the path", PercentDecoding.decode("the path", request.getRequestURI(), false), Integer.MAX_VALUE);
        String query = request.getQueryString();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = queryText("a query parameter name", eq < 0 ? pair : pair.substring(0, eq));
            queryText("query parameter '" + name + "'", eq < 0 ? "" : pair.substring(eq + 1));
        }
        return true;
    }

    private static String queryText(String field, String encoded) {
        return InputRules.line(field, PercentDecoding.decode(field, encoded, true), Integer.MAX_VALUE);
    }
}
