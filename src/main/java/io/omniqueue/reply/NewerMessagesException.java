package io.omniqueue.reply;

import io.omniqueue.conversation.MessageView;
import java.util.List;

/** The send guard held a reply back: messages arrived after the one its author saw. Nothing was stored. */
public class NewerMessagesException extends RuntimeException {

    private final transient List<MessageView> newer;

    NewerMessagesException(long basedOnMessageId, List<MessageView> newer) {
        super(describe(basedOnMessageId, newer));
        this.newer = List.copyOf(newer);
    }

    public List<MessageView> newer() {
        return newer;
    }

    private static String describe(long basedOn, List<MessageView> newer) {
        long fromCustomer = newer.stream().filter(m -> m.direction() == io.omniqueue.conversation.Direction.INBOUND).count();
        long fromShop = newer.size() - fromCustomer;
        StringBuilder why = new StringBuilder("the reply was not sent: since message " + basedOn + " ");
        if (fromCustomer > 0) {
            why.append(fromCustomer).append(fromCustomer == 1 ? " new customer message" : " new customer messages");
        }
        if (fromShop > 0) {
            why.append(fromCustomer > 0 ? " and " : "").append(fromShop)
                    .append(fromShop == 1 ? " reply by " : " replies by ")
                    .append(String.join(", ", newer.stream().filter(m -> m.direction() != io.omniqueue.conversation.Direction.INBOUND)
                            .map(m -> String.valueOf(m.author())).distinct().toList()));
        }
        return why.append(fromCustomer + fromShop == 1 ? " arrived" : " arrived")
                .append("; read them (newer), then send again with force: true to send it anyway").toString();
    }
}
