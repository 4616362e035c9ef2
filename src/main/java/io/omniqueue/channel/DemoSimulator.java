package io.omniqueue.channel;

import java.util.List;

/**
 * A connector's stand-in for its source in demo mode: started for the channels of its kind that
 * point at this machine, it plays customers writing in, and the real connector reads it.
 */
public interface DemoSimulator extends AutoCloseable {

    String kind();

    /** Starts simulating those of these channels (all of this kind) it can; a backlog may be written at once. */
    void start(List<Channel> channels);

    /** One customer writes; called on demo mode's timer. */
    void customerWrites();

    @Override
    void close();
}
