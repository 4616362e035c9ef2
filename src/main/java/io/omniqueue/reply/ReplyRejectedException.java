package io.omniqueue.reply;

import java.util.List;

/** The channel's destination would refuse this reply; nothing was stored. */
public class ReplyRejectedException extends RuntimeException {

    public ReplyRejectedException(List<String> reasons) {
        super(String.join("; ", reasons));
    }
}
