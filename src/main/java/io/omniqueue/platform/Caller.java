package io.omniqueue.platform;

import jakarta.servlet.http.HttpServletRequest;

/** Who made an authenticated API request, as recorded on the decisions it makes. */
public final class Caller {

    private Caller() {
    }

    public static String of(HttpServletRequest request) {
        Object caller = request.getAttribute(ApiTokenFilter.CALLER_ATTRIBUTE);
        return caller == null ? "unknown" : caller.toString();
    }
}
