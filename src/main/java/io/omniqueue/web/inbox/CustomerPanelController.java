package io.omniqueue.web.inbox;

import io.omniqueue.conversation.ConversationNotFoundException;
import io.omniqueue.conversation.ConversationQueries;
import io.omniqueue.customer.CustomerMerges;
import io.omniqueue.customer.CustomerView;
import io.omniqueue.customer.Customers;
import io.omniqueue.platform.Caller;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The customer panel of a conversation page, loaded and refreshed by htmx: the customer's other
 * conversations on every channel, the orders seen, and the suggestions an agent confirms or rejects.
 */
@Controller
class CustomerPanelController {

    private final Customers customers;
    private final CustomerMerges merges;
    private final ConversationQueries conversations;

    CustomerPanelController(Customers customers, CustomerMerges merges, ConversationQueries conversations) {
        this.customers = customers;
        this.merges = merges;
        this.conversations = conversations;
    }

    @GetMapping("/conversations/{id}/customer")
    String panel(@PathVariable long id, Model model) {
        if (conversations.summaries(java.util.List.of(id)).isEmpty()) {
            throw new ConversationNotFoundException(id);
        }
        model.addAttribute("conversationId", id);
        model.addAttribute("customer", customers.ofConversation(id).orElse(null));
        return "customer-panel :: panel";
    }

    @PostMapping("/conversations/{id}/customer/suggestions/{suggestionId}/confirm")
    String confirm(@PathVariable long id, @PathVariable long suggestionId, Model model, HttpServletRequest request) {
        merges.confirm(customerOf(id).id(), suggestionId, Caller.of(request));
        return panel(id, model);
    }

    @PostMapping("/conversations/{id}/customer/suggestions/{suggestionId}/reject")
    String reject(@PathVariable long id, @PathVariable long suggestionId, Model model, HttpServletRequest request) {
        merges.reject(customerOf(id).id(), suggestionId, Caller.of(request));
        return panel(id, model);
    }

    private CustomerView customerOf(long conversationId) {
        return customers.ofConversation(conversationId).orElseThrow(() -> new ConversationNotFoundException(conversationId));
    }
}
