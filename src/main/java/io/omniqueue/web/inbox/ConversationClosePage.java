package io.omniqueue.web.inbox;

import io.omniqueue.conversation.ConversationAlreadyClosedException;
import io.omniqueue.platform.Caller;
import io.omniqueue.reply.ConversationCloseService;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/** The Close button of the conversation page: back to the conversation, whose trail tells what happened. */
@Controller
class ConversationClosePage {

    private final ConversationCloseService closes;

    ConversationClosePage(ConversationCloseService closes) {
        this.closes = closes;
    }

    @PostMapping("/conversations/{id}/close")
    String close(@PathVariable long id, HttpServletRequest request) {
        try {
            closes.close(id, Caller.of(request));
        } catch (ConversationAlreadyClosedException closedMeanwhile) {
            // Another agent closed it a moment earlier: the page shows it closed, which is what this agent wanted.
        }
        return "redirect:/conversations/" + id;
    }
}
