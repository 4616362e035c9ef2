package io.omniqueue.channel.mail;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import java.util.List;

/**
 * Takes a poll's finished mails out of the folder it read, a few IMAP commands for all of them
 * (camel-mail took four round trips per mail): all are marked seen (their copies too, as
 * camel-mail left them), then each destination gets its mails copied and the originals flagged
 * deleted (expunged when the poll closes the folder). A destination that fails gets its mails marked
 * unseen again where they are, so that the next poll reads them again, recognises them as stored,
 * and moves them then.
 */
final class MailMoves {

    private MailMoves() {
    }

    /** @param destination null: the mails stay in the folder, marked seen */
    record Move(String destination, List<Message> mails) {
    }

    static void apply(Folder source, List<Move> moves) throws MessagingException {
        Message[] all = moves.stream().flatMap(move -> move.mails().stream()).toArray(Message[]::new);
        if (all.length == 0) {
            return;
        }
        if (!source.isOpen()) {
            source.open(Folder.READ_WRITE);
        }
        source.setFlags(all, new Flags(Flags.Flag.SEEN), true);
        MessagingException failed = null;
        for (Move move : moves) {
            if (move.destination() == null || move.mails().isEmpty()) {
                continue;
            }
            try {
                Folder destination = source.getStore().getFolder(move.destination());
                if (!destination.exists()) {
                    destination.create(Folder.HOLDS_MESSAGES);
                }
                Message[] mails = move.mails().toArray(Message[]::new);
                source.copyMessages(mails, destination);
                source.setFlags(mails, new Flags(Flags.Flag.DELETED), true);
            } catch (MessagingException e) {
                unseeQuietly(source, move.mails(), e);
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    private static void unseeQuietly(Folder source, List<Message> mails, MessagingException cause) {
        try {
            source.setFlags(mails.toArray(Message[]::new), new Flags(Flags.Flag.SEEN), false);
        } catch (MessagingException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
