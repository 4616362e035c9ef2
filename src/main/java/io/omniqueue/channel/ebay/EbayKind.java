package io.omniqueue.channel.ebay;

import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ChannelKind;
import io.omniqueue.channel.ChannelSettings;
import io.omniqueue.channel.ConnectorPart;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/** An eBay seller account read through the Commerce Message API: one channel per account and eBay site. */
@Component
class EbayKind implements ChannelKind<EbaySettings> {

    static final String NAME = "ebay";

    private final EbayCallBudget budget;

    EbayKind(EbayCallBudget budget) {
        this.budget = budget;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<EbaySettings> settingsType() {
        return EbaySettings.class;
    }

    @Override
    public Set<ConnectorPart> parts() {
        return Set.of(ConnectorPart.POLLER, ConnectorPart.REPLY_SENDER, ConnectorPart.QUARANTINE_REPLAYER,
                ConnectorPart.DEMO_SIMULATOR);
    }

    @Override
    public List<String> problems(EbaySettings settings) {
        List<String> problems = new ArrayList<>();
        secret(problems, "client-id", settings.clientId());
        secret(problems, "client-secret", settings.clientSecret());
        secret(problems, "refresh-token", settings.refreshToken());
        if (settings.sellerUsername() == null || settings.sellerUsername().isBlank()) {
            problems.add("seller-username is required (the seller's eBay username: it tells the shop's messages from the buyers')");
        }
        int pageSize = settings.pageSizeOrDefault();
        if (pageSize < 1 || pageSize > EbaySettings.MAX_PAGE_SIZE) {
            problems.add("page-size must be between 1 and " + EbaySettings.MAX_PAGE_SIZE + " (eBay's limit), was " + pageSize);
        }
        if (settings.dailyCallBudgetOrDefault() < 1) {
            problems.add("daily-call-budget must be at least 1, was " + settings.dailyCallBudgetOrDefault());
        }
        return problems;
    }

    private static void secret(List<String> problems, String key, String value) {
        if (value == null || value.isBlank()) {
            problems.add(key + " is required (set it from an environment variable)");
        }
    }

    /** Without a {@code marketplace} (e.g. {@code ebay.es}), the channel's conversations count as eBay's. */
    @Override
    public String defaultMarketplace(ChannelSettings common) {
        return "ebay";
    }

    /** The daily call budget: the limit, what today used and when it starts again. */
    @Override
    public Map<String, Object> details(Channel channel) {
        return budget.status(channel);
    }
}
