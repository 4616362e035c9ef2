package io.omniqueue.sla.watch;

import java.time.Instant;

/**
 * Where this node's last successful watch run stood, so the next one reads only what changed.
 *
 * @param now the clock's time of that run (every lead crossed by then was recorded)
 * @param changes the database's change mark taken before it read ({@link io.omniqueue.conversation.QueueChanges#mark()})
 */
record WatchMark(Instant now, Instant changes) {
}
