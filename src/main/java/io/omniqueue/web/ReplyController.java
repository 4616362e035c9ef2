package io.omniqueue.web;

import io.omniqueue.reply.ReplyService;
import io.omniqueue.reply.ReplyView;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ReplyController {

    private final ReplyService replies;

    ReplyController(ReplyService replies) {
        this.replies = replies;
    }

    @GetMapping("/api/replies/{id}")
    ReplyView get(@PathVariable long id) {
        return replies.find(id);
    }
}
