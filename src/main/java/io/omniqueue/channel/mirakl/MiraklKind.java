package io.omniqueue.channel.mirakl;

import io.omniqueue.channel.ChannelKind;
import io.omniqueue.channel.ChannelSettings;
import io.omniqueue.channel.ConnectorPart;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Any marketplace that runs on Mirakl (Carrefour, Leroy Merlin, Worten...): one channel per account. */
@Component
class MiraklKind implements ChannelKind<MiraklSettings> {

    static final String NAME = "mirakl";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<MiraklSettings> settingsType() {
        return MiraklSettings.class;
    }

    @Override
    public Set<ConnectorPart> parts() {
        return Set.of(ConnectorPart.POLLER, ConnectorPart.REPLY_SENDER, ConnectorPart.ATTACHMENT_SOURCE,
                ConnectorPart.QUARANTINE_REPLAYER, ConnectorPart.DEMO_SIMULATOR);
    }

    @Override
    public List<String> problems(MiraklSettings settings) {
        List<String> problems = new ArrayList<>();
        if (settings.baseUrl() == null) {
            problems.add("base-url is required (e.g. https://carrefour-prod.mirakl.net)");
        }
        if (settings.apiKey() == null || settings.apiKey().isBlank()) {
            problems.add("api-key is required (set it from an environment variable)");
        }
        int pageSize = settings.pageSizeOrDefault();
        if (pageSize < 10 || pageSize > 100) {
            problems.add("page-size must be between 10 and 100 (Mirakl's seek paging), was " + pageSize);
        }
        return problems;
    }

    /** Each Mirakl operator judges its own sellers: the channel (one operator account) is the marketplace. */
    @Override
    public String defaultMarketplace(ChannelSettings common) {
        return common.id();
    }
}
