package io.omniqueue.channel.octopia;

import io.omniqueue.channel.ChannelKind;
import io.omniqueue.channel.ChannelSettings;
import io.omniqueue.channel.ConnectorPart;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Cdiscount and the other sales channels of Octopia's Seller API v2: one channel per seller account and sales channel. */
@Component
class OctopiaKind implements ChannelKind<OctopiaSettings> {

    static final String NAME = "octopia";
    static final String DEFAULT_MARKETPLACE = "cdiscount.fr";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<OctopiaSettings> settingsType() {
        return OctopiaSettings.class;
    }

    @Override
    public Set<ConnectorPart> parts() {
        return Set.of(ConnectorPart.POLLER, ConnectorPart.REPLY_SENDER, ConnectorPart.QUARANTINE_REPLAYER,
                ConnectorPart.DEMO_SIMULATOR, ConnectorPart.CLOSER);
    }

    @Override
    public List<String> problems(OctopiaSettings settings) {
        List<String> problems = new ArrayList<>();
        if (blank(settings.clientId())) {
            problems.add("client-id is required (from the seller's API Credentials Management page)");
        }
        if (blank(settings.clientSecret())) {
            problems.add("client-secret is required (set it from an environment variable)");
        }
        if (blank(settings.sellerId())) {
            problems.add("seller-id is required (sent as the SellerId header on every call)");
        }
        int pageSize = settings.pageSizeOrDefault();
        if (pageSize < 1 || pageSize > 100) {
            problems.add("page-size must be between 1 and 100, was " + pageSize);
        }
        return problems;
    }

    /** Cdiscount unless the channel says which Octopia sales channel's deadline counts. */
    @Override
    public String defaultMarketplace(ChannelSettings common) {
        return DEFAULT_MARKETPLACE;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
