package io.omniqueue.sandbox.mirakl;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/** Settings a test may change while requests are being served. */
final class SimulatorSettings {

    /** Shown as the shop's id when no shop id is configured, since Mirakl always gives shops one. */
    private static final String UNCONFIGURED_SHOP_ID = "1";

    private final String apiKey;
    private final String shopName;
    private final AtomicReference<Clock> clock = new AtomicReference<>(Clock.systemUTC());
    private final AtomicReference<Long> shopId = new AtomicReference<>();

    SimulatorSettings(String apiKey, String shopName) {
        this.apiKey = apiKey;
        this.shopName = shopName;
    }

    String apiKey() {
        return apiKey;
    }

    Clock clock() {
        return clock.get();
    }

    void setClock(Clock newClock) {
        clock.set(Objects.requireNonNull(newClock, "clock"));
    }

    Long shopId() {
        return shopId.get();
    }

    void setShopId(Long newShopId) {
        shopId.set(newShopId);
    }

    ShopIdentity shop() {
        Long id = shopId.get();
        return new ShopIdentity(id == null ? UNCONFIGURED_SHOP_ID : id.toString(), shopName);
    }
}
