package io.omniqueue.channel;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Binds a kind's settings from {@code omniqueue.channels[n]} with Spring Boot's binder, so the
 * same relaxed names, environment variables and conversions apply as to every other setting.
 */
@Component
class EnvironmentChannelSettingsBinder implements ChannelSettingsBinder {

    private final Binder binder;

    EnvironmentChannelSettingsBinder(Environment environment) {
        this.binder = Binder.get(environment);
    }

    @Override
    public <S> S bind(int index, Class<S> type) {
        return binder.bindOrCreate("omniqueue.channels[" + index + "]", Bindable.of(type));
    }
}
