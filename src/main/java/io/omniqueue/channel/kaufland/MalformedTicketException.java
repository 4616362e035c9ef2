package io.omniqueue.channel.kaufland;

/** A ticket that can't be read; it goes to quarantine and the page goes on. */
class MalformedTicketException extends RuntimeException {

    MalformedTicketException(String reason) {
        super(reason);
    }
}
