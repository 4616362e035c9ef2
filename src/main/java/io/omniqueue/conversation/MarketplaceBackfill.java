package io.omniqueue.conversation;

import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ChannelRegistry;
import io.omniqueue.channel.Marketplace;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gives the conversations stored before their channel had a marketplace the channel's one.
 * V9 could only say {@code shop} for them (and {@code amazon.*} for Amazon's): whether a channel
 * is a Mirakl marketplace, and under which name, is configuration, which SQL can't read.
 *
 * <p>The rule needs no memory of having run: new conversations always get their channel's
 * marketplace (or Amazon's), so a {@code shop} row on a channel whose marketplace is not
 * {@code shop} can only be older than that. Running it at every start is idempotent and cheap
 * (nothing matches after the first), and it runs before the routes start, so no poll, gauge or
 * report sees the old name. A channel given a {@code marketplace} later has its old {@code shop}
 * conversations moved the same way at the next start; other names are never changed.
 */
@Component
class MarketplaceBackfill implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(MarketplaceBackfill.class);

    private final JdbcClient jdbc;
    private final ChannelRegistry channels;
    private final List<ConversationListener> listeners;
    private final TransactionTemplate tx;

    MarketplaceBackfill(JdbcClient jdbc, ChannelRegistry channels, List<ConversationListener> listeners,
                        TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.channels = channels;
        this.listeners = listeners;
        this.tx = tx;
    }

    @Override
    public void afterPropertiesSet() {
        for (Channel channel : channels.all()) {
            if (Marketplace.SHOP.equals(channel.marketplace())) {
                continue;
            }
            try {
                // One transaction, so what listeners keep about these conversations moves with them.
                int moved = tx.execute(status -> {
                    int rows = jdbc.sql("""
                            update conversation set marketplace = :marketplace, queue_changed_at = current_timestamp
                            where channel_id = :channel and marketplace = :shop""")
                            .param("marketplace", channel.marketplace())
                            .param("channel", channel.id())
                            .param("shop", Marketplace.SHOP)
                            .update();
                    if (rows > 0) {
                        listeners.forEach(listener -> listener.marketplaceMoved(channel.id(), channel.marketplace()));
                    }
                    return rows;
                });
                if (moved > 0) {
                    log.info("Channel {}: {} conversations stored before it had a marketplace are now {}", channel.id(),
                            moved, channel.marketplace());
                }
            } catch (ConcurrencyFailureException e) {
                // Another node starting at the same moment is doing the same rows; whatever it leaves, the next start does.
                log.warn("Channel {}: marketplace of older conversations not set this time: {}", channel.id(), e.getMessage());
            }
        }
    }
}
