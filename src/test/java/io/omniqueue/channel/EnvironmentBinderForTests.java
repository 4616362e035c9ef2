package io.omniqueue.channel;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;

/** A shipped channel file bound as the service binds it: the common settings and each kind's own. */
public final class EnvironmentBinderForTests implements ChannelSettingsBinder {

    private final StandardEnvironment environment;
    private final ChannelSettingsBinder binder;

    private EnvironmentBinderForTests(StandardEnvironment environment) {
        this.environment = environment;
        this.binder = new EnvironmentChannelSettingsBinder(environment);
    }

    public static EnvironmentBinderForTests of(String file) throws java.io.IOException {
        StandardEnvironment environment = new StandardEnvironment();
        new YamlPropertySourceLoader().load(file, new FileSystemResource(Path.of("config", file)))
                .forEach(source -> environment.getPropertySources().addFirst(source));
        return new EnvironmentBinderForTests(environment);
    }

    public List<ChannelSettings> channels() {
        return Binder.get(environment).bind("omniqueue", ChannelsSettings.class).get().channels();
    }

    public int indexOf(String channelId) {
        List<ChannelSettings> channels = channels();
        for (int i = 0; i < channels.size(); i++) {
            if (channels.get(i).id().equals(channelId)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no channel " + channelId);
    }

    @Override
    public <S> S bind(int index, Class<S> type) {
        return binder.bind(index, type);
    }
}
