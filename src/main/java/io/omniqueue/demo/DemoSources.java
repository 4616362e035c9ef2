package io.omniqueue.demo;

import io.omniqueue.channel.ChannelRegistry;
import io.omniqueue.channel.DemoSimulator;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Demo mode's sources: every connector's simulator, started for the channels of its kind, and
 * customers writing to each of them on demo mode's timer. A new connector's simulator joins by
 * being a bean; nothing here names a kind.
 */
@Component("demoSources")
class DemoSources implements DisposableBean {

    private final List<DemoSimulator> started = new ArrayList<>();

    DemoSources(DemoSettings settings, ChannelRegistry channels, List<DemoSimulator> simulators) {
        if (!settings.enabled()) {
            return;
        }
        for (DemoSimulator simulator : simulators) {
            simulator.start(channels.ofKind(simulator.kind()));
            started.add(simulator);
        }
    }

    /** One customer writes on every simulated source. */
    public void customersWrite() {
        started.forEach(DemoSimulator::customerWrites);
    }

    @Override
    public void destroy() {
        started.forEach(DemoSimulator::close);
    }
}
