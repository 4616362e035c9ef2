package io.omniqueue.channel;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Holds every connector to what it declared: each declared part exists, no part serves a kind
 * nobody declared, and every kind can send replies. A connector half-written fails the start-up
 * with the reason instead of a channel that silently never polls.
 */
@Component
public class ConnectorParts {

    private final Map<String, Map<ConnectorPart, Object>> parts = new java.util.HashMap<>();

    public ConnectorParts(ChannelRegistry registry, List<ReplySender> senders, List<AttachmentSource> attachmentSources,
                          List<ChannelRouteTemplate> pollers, List<DemoSimulator> simulators,
                          List<SourceConversationCloser> closers) {
        senders.forEach(p -> add(p.kind(), ConnectorPart.REPLY_SENDER, p));
        attachmentSources.forEach(p -> add(p.kind(), ConnectorPart.ATTACHMENT_SOURCE, p));
        pollers.forEach(p -> add(p.kind(), ConnectorPart.POLLER, p));
        simulators.forEach(p -> add(p.kind(), ConnectorPart.DEMO_SIMULATOR, p));
        closers.forEach(p -> add(p.kind(), ConnectorPart.CLOSER, p));
        List<String> problems = new ArrayList<>();
        Set<String> declared = registry.kinds().keySet();
        for (String kind : parts.keySet()) {
            if (!declared.contains(kind)) {
                problems.add("parts " + parts.get(kind).keySet() + " serve the kind '" + kind + "', which no ChannelKind declares");
            }
        }
        for (ChannelKind<?> kind : registry.kinds().values()) {
            Set<ConnectorPart> found = new HashSet<>(parts.getOrDefault(kind.name(), Map.of()).keySet());
            Set<ConnectorPart> expected = new HashSet<>(kind.parts());
            // The quarantine feature holds connectors to their replayers (QuarantineReplayers).
            expected.remove(ConnectorPart.QUARANTINE_REPLAYER);
            if (!expected.contains(ConnectorPart.REPLY_SENDER)) {
                problems.add("kind '" + kind.name() + "' declares no REPLY_SENDER: every channel must be able to answer");
            }
            if (!found.equals(expected)) {
                problems.add("kind '" + kind.name() + "' declares " + expected + " but has " + found);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("connectors: " + String.join("; ", problems));
        }
    }

    /** Whether this kind has the part (optional parts such as {@link ConnectorPart#CLOSER}). */
    public boolean has(String kind, ConnectorPart part) {
        return parts.getOrDefault(kind, Map.of()).containsKey(part);
    }

    /** The part of this kind, which the kind declared. */
    public <T> T part(String kind, ConnectorPart part, Class<T> type) {
        Object found = parts.getOrDefault(kind, Map.of()).get(part);
        if (found == null) {
            throw new IllegalStateException("kind '" + kind + "' has no " + part);
        }
        return type.cast(found);
    }

    private void add(String kind, ConnectorPart part, Object bean) {
        Object previous = parts.computeIfAbsent(kind, k -> new EnumMap<>(ConnectorPart.class)).putIfAbsent(part, bean);
        if (previous != null) {
            throw new IllegalStateException("connectors: kind '" + kind + "' has two " + part + " (" + previous.getClass()
                    .getSimpleName() + ", " + bean.getClass().getSimpleName() + ")");
        }
    }
}
