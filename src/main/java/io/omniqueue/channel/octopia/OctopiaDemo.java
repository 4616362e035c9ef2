package io.omniqueue.channel.octopia;

import io.omniqueue.channel.Channel;
import io.omniqueue.channel.DemoSimulator;
import io.omniqueue.sandbox.octopia.OctopiaSimulator;
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
 * Demo mode's Cdiscount: an Octopia simulator (API and token endpoint on one port) for every
 * Octopia channel whose base URL points at this machine, with that channel's credentials. Its
 * customers write in French.
 */
@Component
class OctopiaDemo implements DemoSimulator {

    private static final Logger log = LoggerFactory.getLogger(OctopiaDemo.class);
    private static final Set<String> LOCAL = Set.of("127.0.0.1", "localhost");
    private static final String[][] QUESTIONS = {
        {"Colis endommagé", "Bonjour, le colis est arrivé cassé. Que pouvez-vous faire ?"},
        {"Commande non reçue", "Bonjour, je n'ai toujours pas reçu ma commande passée il y a dix jours."},
        {"Mauvais produit", "J'ai reçu une cafetière rouge au lieu de la noire. Comment faire l'échange ?"},
        {"Facture", "Pourriez-vous m'envoyer la facture de ma commande, s'il vous plaît ?"},
        {"Délai de livraison", "Bonjour, quand ma commande sera-t-elle expédiée ? Merci d'avance."}};

    private final List<OctopiaSimulator> simulators = new ArrayList<>();
    private final AtomicInteger orders = new AtomicInteger(2311150);
    private final AtomicInteger customers = new AtomicInteger(98765400);

    @Override
    public String kind() {
        return OctopiaKind.NAME;
    }

    @Override
    public void start(List<Channel> channels) {
        for (Channel channel : channels) {
            OctopiaSettings settings = channel.settings(OctopiaSettings.class);
            URI base = settings.baseUrlOrDefault();
            if (LOCAL.contains(base.getHost())) {
                OctopiaSimulator simulator = OctopiaSimulator.start(base.getPort(), settings.clientId(),
                        settings.clientSecret(), settings.sellerId());
                // A backlog from the last day, so the first poll already fills the queue.
                for (int i = 0; i < 3; i++) {
                    String[] q = QUESTIONS[i % QUESTIONS.length];
                    simulator.openDiscussion(nextOrder(), nextCustomer(), q[0], q[1],
                            Instant.now().minus(Duration.ofHours(20 - i * 6L)));
                }
                simulators.add(simulator);
                log.info("Demo: Octopia simulator for channel {} at {} (token {})", channel.id(), simulator.baseUrl(),
                        simulator.tokenUrl());
            }
        }
    }

    @Override
    public void customerWrites() {
        if (simulators.isEmpty()) {
            return;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String[] q = QUESTIONS[random.nextInt(QUESTIONS.length)];
        simulators.get(random.nextInt(simulators.size())).openDiscussion(nextOrder(), nextCustomer(), q[0], q[1]);
    }

    private String nextOrder() {
        return orders.incrementAndGet() + "ABCDE";
    }

    private String nextCustomer() {
        return String.valueOf(customers.incrementAndGet());
    }

    @Override
    public void close() {
        simulators.forEach(OctopiaSimulator::close);
    }
}
