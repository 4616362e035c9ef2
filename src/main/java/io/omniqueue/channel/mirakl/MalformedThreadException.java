package io.omniqueue.channel.mirakl;

/** A thread from M11/M10 that can't be read; it goes to quarantine and the page goes on. */
class MalformedThreadException extends RuntimeException {

    MalformedThreadException(String reason) {
        super(reason);
    }
}
