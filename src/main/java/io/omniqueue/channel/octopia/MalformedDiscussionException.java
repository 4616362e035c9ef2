package io.omniqueue.channel.octopia;

/** A discussion Octopia sent that cannot be read (no id, no date...): quarantined, never blocking the rest. */
class MalformedDiscussionException extends RuntimeException {

    MalformedDiscussionException(String message) {
        super(message);
    }
}
