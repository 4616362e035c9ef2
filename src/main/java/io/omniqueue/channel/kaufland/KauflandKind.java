package io.omniqueue.channel.kaufland;

import io.omniqueue.channel.ChannelKind;
import io.omniqueue.channel.ChannelSettings;
import io.omniqueue.channel.ConnectorPart;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/** Kaufland Global Marketplace (Seller API v2 tickets): one channel per seller account and storefront. */
@Component
class KauflandKind implements ChannelKind<KauflandSettings> {

    static final String NAME = "kaufland";
    private static final Pattern STOREFRONT = Pattern.compile("[a-z]{2}");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<KauflandSettings> settingsType() {
        return KauflandSettings.class;
    }

    @Override
    public Set<ConnectorPart> parts() {
        return Set.of(ConnectorPart.POLLER, ConnectorPart.REPLY_SENDER, ConnectorPart.QUARANTINE_REPLAYER,
                ConnectorPart.DEMO_SIMULATOR, ConnectorPart.CLOSER);
    }

    @Override
    public List<String> problems(KauflandSettings settings) {
        List<String> problems = new ArrayList<>();
        if (settings.clientKey() == null || settings.clientKey().isBlank()) {
            problems.add("client-key is required (set it from an environment variable)");
        }
        if (settings.secretKey() == null || settings.secretKey().isBlank()) {
            problems.add("secret-key is required (set it from an environment variable)");
        }
        if (settings.storefront() == null || !STOREFRONT.matcher(settings.storefront()).matches()) {
            problems.add("storefront is required, two lower-case letters (de, cz, sk, pl, at, fr, it...), was "
                    + settings.storefront());
        }
        int pageSize = settings.pageSizeOrDefault();
        if (pageSize < 1 || pageSize > KauflandSettings.MAX_PAGE_SIZE) {
            problems.add("page-size must be between 1 and 30 (Kaufland's limit), was " + pageSize);
        }
        return problems;
    }

    /** Kaufland judges its sellers per storefront: kaufland.de, kaufland.cz... */
    @Override
    public String defaultMarketplace(ChannelSettings common) {
        return "kaufland";
    }
}
