package io.omniqueue.channel.kaufland;

import io.omniqueue.channel.Channel;
import io.omniqueue.channel.DemoSimulator;
import io.omniqueue.sandbox.kaufland.KauflandSimulator;
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
 * Demo mode's Kaufland: a simulator for every Kaufland channel whose base URL points at this
 * machine, on that port, with that channel's keys, so the real connector polls it (signed) and
 * replies land in it. German buyers open tickets and write follow-ups while the demo runs.
 */
@Component
class KauflandDemo implements DemoSimulator {

    private static final Logger log = LoggerFactory.getLogger(KauflandDemo.class);
    private static final Set<String> LOCAL = Set.of("127.0.0.1", "localhost");
    private static final String[][] QUESTIONS = {
        {"Max Mustermann", "Das Gerät startet nicht. Was kann ich tun?"},
        {"Anna Schmidt", "Meine Bestellung ist noch nicht angekommen. Können Sie bitte nachsehen?"},
        {"Lukas Weber", "Das Paket war beschädigt, ich schicke Ihnen ein Foto."},
        {"Sophie Becker", "Kann ich die Lieferadresse noch ändern?"},
        {"Jonas Fischer", "Ich brauche eine Rechnung mit ausgewiesener Mehrwertsteuer."}};

    private final List<Simulated> simulators = new ArrayList<>();
    private final AtomicInteger orders = new AtomicInteger(7000);

    private record Simulated(KauflandSimulator simulator, String storefront) {
    }

    @Override
    public String kind() {
        return KauflandKind.NAME;
    }

    @Override
    public void start(List<Channel> channels) {
        for (Channel channel : channels) {
            KauflandSettings settings = channel.settings(KauflandSettings.class);
            URI base = settings.baseUrlOrDefault();
            if (LOCAL.contains(base.getHost())) {
                KauflandSimulator simulator = KauflandSimulator.start(base.getPort(), settings.clientKey(), settings.secretKey());
                // A backlog from the last days, so the first poll already fills the queue.
                for (int i = 0; i < 3; i++) {
                    String[] q = QUESTIONS[(i + simulators.size()) % QUESTIONS.length];
                    simulator.buyerOpensTicket(settings.storefront(), 21_631_400L + i, nextOrder(), q[0], q[1],
                            Instant.now().minus(Duration.ofHours(30 - i * 8L)));
                }
                simulators.add(new Simulated(simulator, settings.storefront()));
                log.info("Demo: Kaufland simulator for channel {} at {}", channel.id(), simulator.baseUrl());
            }
        }
    }

    /** A German buyer opens a ticket on one of the demo storefronts. */
    @Override
    public void customerWrites() {
        if (simulators.isEmpty()) {
            return;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Simulated target = simulators.get(random.nextInt(simulators.size()));
        String[] q = QUESTIONS[random.nextInt(QUESTIONS.length)];
        target.simulator().buyerOpensTicket(target.storefront(), 21_632_000L + random.nextInt(1000), nextOrder(), q[0], q[1]);
    }

    private String nextOrder() {
        return "KFL-" + orders.incrementAndGet();
    }

    @Override
    public void close() {
        simulators.forEach(s -> s.simulator().close());
    }
}
