package io.omniqueue.conversation;

/** What happened to a conversation, as its audit trail records it. */
public enum ConversationEventKind {
    /** An agent assigned the conversation to themselves. */
    TAKEN,
    /** Someone assigned it to an agent (detail: to whom). */
    ASSIGNED,
    /** Nobody owns it any more (detail: who did). */
    UNASSIGNED,
    /** A reply was accepted into the outbox (detail: its id, the template used). */
    REPLIED,
    /** An agent decided that no answer is needed (detail: why). */
    NO_REPLY_NEEDED,
    /** An attempt to deliver a reply failed and it will be tried again (detail: why, when). */
    REPLY_RETRYING,
    /** A reply will never reach the customer (detail: why). */
    REPLY_FAILED,
    /** A reply reached the destination. */
    REPLY_SENT,
    /** The conversation waits for a reply again: its clock runs (detail: the due time). */
    CLOCK_STARTED,
    /** The conversation no longer waits for a reply (detail: its status). */
    CLOCK_STOPPED,
    /** An agent closed the conversation (detail: whether the source is told). */
    CLOSED,
    /** A closed conversation is open again: the customer wrote after the close. */
    REOPENED,
    /** The source closed its thread too. */
    SOURCE_CLOSED,
    /** Telling the source about the close failed and will be tried again (detail: why, when). */
    SOURCE_CLOSE_RETRYING,
    /** The source refused to close its thread, for good (detail: its reason); the conversation stays closed here. */
    SOURCE_CLOSE_REFUSED,
    /** An agent set the conversation's reason for writing; the detail says from what to what. */
    TOPIC_CORRECTED
}
