package io.omniqueue.channel;

/** Binds the kind's own settings of the channel at a position of {@code omniqueue.channels}. */
@FunctionalInterface
public interface ChannelSettingsBinder {

    <S> S bind(int index, Class<S> type);
}
