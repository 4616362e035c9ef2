package io.omniqueue.channel.mail;

import io.omniqueue.conversation.InboundMessage;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.UIDFolder;
import jakarta.mail.search.FlagTerm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.component.mail.MailEndpoint;
import org.apache.camel.component.mail.MailUidGenerator;
import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.MessageSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One mailbox's poll under way: the mails camel-mail read, fetched from the server together, and
 * what became of each until the poll's last mail stores them all and moves them out of the folder.
 *
 * <p>camel-mail asks the server for each mail on its own: its headers (for a key we don't use), its
 * flags, its body, each one a round trip. On a local server each costs tens of milliseconds of
 * waiting, far more than the parsing and storing; a plain client fetches them all at once. So the
 * key camel-mail asks for when the poll lists its mails ({@link #generateUuid}, called for every
 * listed mail before any is processed) is where the poll's mails are fetched in two commands: their
 * flags, sizes and UIDs, then the bytes of as many as fit in {@link #PREFETCH_BYTES}. A mail not
 * fetched ahead (too big, or the fetch failed) is read on its own as before. Used by one route's
 * consumer thread only.
 */
final class MailPoll implements MailUidGenerator {

    private static final Logger log = LoggerFactory.getLogger(MailPoll.class);
    /** The mails' bytes one poll keeps in memory at most; bigger mails are read one by one. */
    static final long PREFETCH_BYTES = 32L * 1024 * 1024;

    private final String channelId;
    private final Map<Message, byte[]> bodies = new IdentityHashMap<>();
    private final Map<Message, Boolean> listed = new IdentityHashMap<>();
    private final List<Read> read = new ArrayList<>();
    /** Message-ID to thread of the mails read in this poll: a reply may follow its original before either is stored. */
    private final Map<String, String> threads = new HashMap<>();

    MailPoll(String channelId) {
        this.channelId = channelId;
    }

    /** A new poll: nothing of the last one (a poll cut short leaves its mails in the folder) is kept. */
    void begin() {
        bodies.clear();
        listed.clear();
        read.clear();
        threads.clear();
    }

    /**
     * The key camel-mail gives the exchange (only for an idempotent repository or POP3, neither used
     * here); the first mail of a poll not yet known fetches the poll's mails ahead.
     */
    @Override
    public String generateUuid(MailEndpoint endpoint, Message message) {
        if (!listed.containsKey(message)) {
            prefetch(endpoint, message);
            listed.put(message, Boolean.TRUE);
        }
        return channelId + ":" + message.getMessageNumber();
    }

    /** The mail's bytes when they were fetched ahead (handed over once), else empty. */
    Optional<byte[]> takeBody(Message message) {
        return Optional.ofNullable(bodies.remove(message));
    }

    void readStored(Message mail, InboundMessage message) {
        read.add(new Read(mail, message));
        if (message.externalMessageId() != null) {
            threads.putIfAbsent(message.externalMessageId(), message.externalThreadId());
        }
    }

    void readUnreadable(Message mail) {
        read.add(new Read(mail, null));
    }

    /** The thread of a mail read earlier in this poll, by its Message-ID. */
    Optional<String> threadOfEarlierMail(String messageId) {
        return Optional.ofNullable(threads.get(messageId));
    }

    /** The mails read so far, in order, and a fresh start for the rest. */
    List<Read> drain() {
        List<Read> all = List.copyOf(read);
        begin();
        return all;
    }

    /** A mail read in this poll: its message for the ingest, or null when it was unreadable (quarantined). */
    record Read(Message mail, InboundMessage message) {
    }

    private void prefetch(MailEndpoint endpoint, Message first) {
        if (!(first.getFolder() instanceof IMAPFolder folder) || !folder.isOpen()) {
            return;
        }
        try {
            List<Message> mails = pollsMails(endpoint, folder, first);
            if (mails.isEmpty()) {
                return;
            }
            FetchProfile profile = new FetchProfile();
            profile.add(FetchProfile.Item.FLAGS);
            profile.add(FetchProfile.Item.SIZE);
            profile.add(UIDFolder.FetchProfileItem.UID);
            folder.fetch(mails.toArray(Message[]::new), profile);
            fetchBodies(folder, mails);
            mails.forEach(mail -> listed.put(mail, Boolean.TRUE));
        } catch (MessagingException | RuntimeException e) {
            // Only a shortcut: every mail not fetched here is read on its own.
            log.debug("Mailbox {}: could not fetch the poll's mails ahead ({}); reading them one by one", channelId, e.toString());
        }
    }

    /** The mails camel-mail lists in this poll, from the first one on: the same search, at most a fetch size. */
    private static List<Message> pollsMails(MailEndpoint endpoint, IMAPFolder folder, Message first) throws MessagingException {
        Message[] candidates = endpoint.getConfiguration().isUnseen()
                ? folder.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false)) : folder.getMessages();
        // camel-mail's own limit: the fetch size if set, else the most messages per poll, else all.
        int fetchSize = endpoint.getConfiguration().getFetchSize();
        int limit = fetchSize >= 0 ? fetchSize
                : endpoint.getMaxMessagesPerPoll() > 0 ? endpoint.getMaxMessagesPerPoll() : candidates.length;
        return Arrays.stream(candidates)
                .filter(m -> m.getMessageNumber() >= first.getMessageNumber())
                .limit(limit)
                .toList();
    }

    /** The bytes of the mails that fit in {@link #PREFETCH_BYTES}, exactly as on the server, without marking them seen. */
    private void fetchBodies(IMAPFolder folder, List<Message> mails) throws MessagingException {
        List<Integer> numbers = new ArrayList<>();
        long budget = PREFETCH_BYTES;
        for (Message mail : mails) {
            int size = mail.getSize();
            if (size >= 0 && size <= budget) {
                numbers.add(mail.getMessageNumber());
                budget -= size;
            }
        }
        if (numbers.isEmpty()) {
            return;
        }
        MessageSet[] sets = MessageSet.createMessageSets(numbers.stream().mapToInt(Integer::intValue).toArray());
        Response[] responses = (Response[]) folder.doCommand(protocol -> protocol.fetch(sets, "BODY.PEEK[]"));
        for (Response response : responses) {
            if (response instanceof FetchResponse fetched) {
                BODY body = fetched.getItem(BODY.class);
                if (body != null && !body.isHeader() && (body.getSection() == null || body.getSection().isEmpty())
                        && body.getOrigin() <= 0) {
                    ByteArray bytes = body.getByteArray();
                    bodies.put(folder.getMessage(fetched.getNumber()),
                            Arrays.copyOfRange(bytes.getBytes(), bytes.getStart(), bytes.getStart() + bytes.getCount()));
                }
            }
        }
    }
}
