package io.omniqueue.channel;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A connector is held to what it declares: a half-written one stops the start with the reason. */
class ConnectorPartsTest {

    record NoSettings() {
    }

    static ChannelKind<NoSettings> kind(String name, ConnectorPart... parts) {
        return new ChannelKind<>() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Class<NoSettings> settingsType() {
                return NoSettings.class;
            }

            @Override
            public Set<ConnectorPart> parts() {
                return Set.of(parts);
            }
        };
    }

    static ReplySender sender(String kind) {
        return new ReplySender() {
            @Override
            public String kind() {
                return kind;
            }

            @Override
            public List<String> validate(Channel channel, ReplyDraft draft) {
                return List.of();
            }

            @Override
            public SendOutcome send(Channel channel, OutgoingReply reply) {
                return new SendOutcome.Sent(null);
            }
        };
    }

    static ChannelRegistry registry(ChannelKind<?>... kinds) {
        return new ChannelRegistry(new ChannelsSettings(List.of()), List.of(kinds), new ChannelSettingsBinder() {
            @Override
            public <S> S bind(int index, Class<S> type) {
                throw new AssertionError("no channel configured");
            }
        });
    }

    @Test
    void aDeclaredPollerThatIsMissingStopsTheStart() {
        ChannelRegistry registry = registry(kind("telex", ConnectorPart.POLLER, ConnectorPart.REPLY_SENDER));
        assertThatThrownBy(() -> new ConnectorParts(registry, List.of(sender("telex")), List.of(), List.of(), List.of(), List.of()))
                .hasMessageContaining("telex").hasMessageContaining("POLLER");
    }

    @Test
    void aPartForAKindNobodyDeclaredStopsTheStart() {
        ChannelRegistry registry = registry(kind("telex", ConnectorPart.REPLY_SENDER));
        assertThatThrownBy(() -> new ConnectorParts(registry, List.of(sender("telex"), sender("semaphore")), List.of(),
                List.of(), List.of(), List.of())).hasMessageContaining("semaphore");
    }

    @Test
    void aKindThatCannotReplyStopsTheStart() {
        ChannelRegistry registry = registry(kind("telex"));
        assertThatThrownBy(() -> new ConnectorParts(registry, List.of(), List.of(), List.of(), List.of(), List.of()))
                .hasMessageContaining("REPLY_SENDER");
    }

    @Test
    void twoSendersForOneKindStopTheStart() {
        ChannelRegistry registry = registry(kind("telex", ConnectorPart.REPLY_SENDER));
        assertThatThrownBy(() -> new ConnectorParts(registry, List.of(sender("telex"), sender("telex")), List.of(),
                List.of(), List.of(), List.of())).hasMessageContaining("two");
    }

    @Test
    void aDeclaredCloserThatIsMissingStopsTheStart() {
        ChannelRegistry registry = registry(kind("telex", ConnectorPart.REPLY_SENDER, ConnectorPart.CLOSER));
        assertThatThrownBy(() -> new ConnectorParts(registry, List.of(sender("telex")), List.of(), List.of(), List.of(),
                List.of())).hasMessageContaining("CLOSER");
    }
}
