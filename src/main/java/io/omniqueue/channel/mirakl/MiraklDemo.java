package io.omniqueue.channel.mirakl;

import io.omniqueue.channel.Channel;
import io.omniqueue.channel.DemoSimulator;
import io.omniqueue.sandbox.mirakl.MiraklSimulator;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Demo mode's marketplaces: a Mirakl simulator for every Mirakl channel whose base URL points at
 * this machine, on that port, with that channel's key, so the real connector polls it and
 * replies land in it. Customers open threads and write follow-ups while the demo runs.
 */
@Component
class MiraklDemo implements DemoSimulator {

    private static final Logger log = LoggerFactory.getLogger(MiraklDemo.class);
    private static final Set<String> LOCAL = Set.of("127.0.0.1", "localhost");
    private static final String[][] QUESTIONS = {
        {"Léa Dubois", "Bonjour, ma commande n'est toujours pas arrivée, pouvez-vous vérifier ?"},
        {"Marco Rossi", "The drill arrived without its battery charger. What can you do?"},
        {"Inês Costa", "Can I still change the delivery address of my order?"},
        {"Hugo Lefèvre", "Le colis est arrivé abîmé, je vous envoie une photo."},
        {"Sofia García", "Do you have this sofa in dark grey as well?"}};

    private final List<MiraklSimulator> simulators = new ArrayList<>();
    private final AtomicInteger orders = new AtomicInteger(4000);

    @Override
    public String kind() {
        return MiraklKind.NAME;
    }

    @Override
    public void start(List<Channel> channels) {
        for (Channel channel : channels) {
            MiraklSettings settings = channel.settings(MiraklSettings.class);
            URI base = settings.baseUrl();
            if (base != null && LOCAL.contains(base.getHost())) {
                MiraklSimulator simulator = MiraklSimulator.start(base.getPort(), settings.apiKey(), "Demo Shop");
                // A backlog from the last days, so the first poll already fills the queue.
                for (int i = 0; i < 3; i++) {
                    String[] q = QUESTIONS[(i + simulators.size()) % QUESTIONS.length];
                    simulator.openThread(nextOrder(), q[0], q[1], Instant.now().minus(Duration.ofHours(20 - i * 6L)));
                }
                simulators.add(simulator);
                log.info("Demo: Mirakl simulator for channel {} at {}", channel.id(), simulator.baseUrl());
            }
        }
    }

    /** A customer writes on one of the demo marketplaces: mostly new threads, sometimes a follow-up. */
    @Override
    public void customerWrites() {
        if (simulators.isEmpty()) {
            return;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        MiraklSimulator simulator = simulators.get(random.nextInt(simulators.size()));
        String[] q = QUESTIONS[random.nextInt(QUESTIONS.length)];
        simulator.openThread(nextOrder(), q[0], q[1]);
    }

    private String nextOrder() {
        return "MIR-" + orders.incrementAndGet() + "-A";
    }

    @Override
    public void close() {
        simulators.forEach(MiraklSimulator::close);
    }
}
