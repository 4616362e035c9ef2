package io.omniqueue.reply;

public class ReplyNotFoundException extends RuntimeException {

    public ReplyNotFoundException(long id) {
        super("reply " + id + " does not exist");
    }
}
