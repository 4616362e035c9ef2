package io.omniqueue.web.inbox;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in page (the queue is {@link QueuePageController}'s). */
@Controller
class InboxHome {

    /** After a failed sign-in, says whether the username is locked out rather than the password wrong. */
    @GetMapping("/login")
    String login(jakarta.servlet.http.HttpSession session, org.springframework.ui.Model model) {
        Object failure = session == null ? null
                : session.getAttribute(org.springframework.security.web.WebAttributes.AUTHENTICATION_EXCEPTION);
        model.addAttribute("locked", failure instanceof org.springframework.security.authentication.LockedException);
        return "login";
    }
}
