package io.omniqueue.channel.kaufland;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KauflandKindTest {

    final KauflandKind kind = new KauflandKind();

    @Test
    void keysStorefrontAndAPageSizeWithinKauflandsLimitAreRequired() {
        assertThat(kind.problems(new KauflandSettings(null, "client", "secret", "de", null, null, null))).isEmpty();
        assertThat(kind.problems(new KauflandSettings(null, "client", "secret", "de", null, 31, null)))
                .singleElement().asString().contains("page-size").contains("30");
        assertThat(kind.problems(new KauflandSettings(null, null, " ", "DE", null, null, null)))
                .hasSize(3).anyMatch(p -> p.contains("client-key")).anyMatch(p -> p.contains("secret-key"))
                .anyMatch(p -> p.contains("storefront"));
    }

    @Test
    void defaultsAreKauflandsBaseUrlThirtyAPageAndOurUserAgent() {
        KauflandSettings settings = new KauflandSettings(null, "client", "secret", "de", null, null, null);
        assertThat(settings.baseUrlOrDefault()).hasToString("https://sellerapi.kaufland.com/v2");
        assertThat(settings.pageSizeOrDefault()).isEqualTo(30);
        assertThat(settings.userAgentOrDefault()).startsWith("Omniqueue/");
    }
}
