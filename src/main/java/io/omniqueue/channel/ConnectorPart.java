package io.omniqueue.channel;

/** The parts a connector may have, each a bean of its package that names the kind it serves. */
public enum ConnectorPart {
    /** Reads the source on a schedule through a route template ({@link ChannelRouteTemplate}). */
    POLLER,
    /** Checks and delivers replies ({@link ReplySender}); every kind has one. */
    REPLY_SENDER,
    /** Fetches inbound files on demand ({@link AttachmentSource}). */
    ATTACHMENT_SOURCE,
    /** Turns the connector's quarantined raw payloads back into messages ({@code quarantine.QuarantineReplayer}). */
    QUARANTINE_REPLAYER,
    /** Plays the source in demo mode ({@link DemoSimulator}). */
    DEMO_SIMULATOR,
    /** Tells the source the shop closed a conversation ({@link SourceConversationCloser}). */
    CLOSER
}
