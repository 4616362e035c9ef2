package io.omniqueue.channel.ebay;

import io.omniqueue.channel.Channel;
import io.omniqueue.channel.DemoSimulator;
import io.omniqueue.sandbox.ebay.EbaySimulator;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Demo mode's eBay: a simulator for every eBay channel whose base URL points at this machine, on
 * that port, accepting that channel's client credentials and refresh token, so the real
 * connector gets its token, polls and replies there. Buyers of eBay Spain write in Spanish.
 */
@Component
class EbayDemo implements DemoSimulator {

    private static final Logger log = LoggerFactory.getLogger(EbayDemo.class);
    private static final Set<String> LOCAL = Set.of("127.0.0.1", "localhost");
    private static final String[][] QUESTIONS = {
        {"lucia_m82", "Hola, ¿cuánto tarda el envío a Sevilla? Lo necesito antes del viernes."},
        {"javi.rdz", "Buenas, ¿esta chaqueta talla bien o es mejor pedir una talla más? Suelo usar una M."},
        {"carmen-bcn", "He recibido el producto dañado, la caja venía rota y la pantalla tiene una grieta. ¿Qué hago?"},
        {"pablo_gs", "Quiero hacer una devolución, no es lo que esperaba. ¿Cómo consigo la etiqueta?"},
        {"marta.lopez.91", "¿Me podéis enviar la factura con mi NIF? La necesito para la empresa."},
        {"sergio-vlc", "¿Hacéis envío a Canarias? ¿Cuánto costaría?"},
        {"ana_torres", "Ha pasado una semana y el seguimiento no se mueve. ¿Podéis revisarlo?"}};

    private final List<EbaySimulator> simulators = new ArrayList<>();
    private final AtomicLong listings = new AtomicLong(405_955_487_800L);

    @Override
    public String kind() {
        return EbayKind.NAME;
    }

    @Override
    public void start(List<Channel> channels) {
        for (Channel channel : channels) {
            EbaySettings settings = channel.settings(EbaySettings.class);
            URI base = settings.baseUrlOrDefault();
            if (!LOCAL.contains(base.getHost())) {
                continue;
            }
            EbaySimulator simulator = EbaySimulator.start(base.getPort(), settings.clientId(), settings.clientSecret(),
                    settings.refreshToken(), settings.sellerUsername());
            // A backlog from the last hours, so the first poll already fills the queue.
            for (int i = 0; i < 3; i++) {
                String[] q = QUESTIONS[i];
                simulator.buyerAsks(q[0], nextListing(), q[1], Instant.now().minus(Duration.ofHours(18 - i * 5L)));
            }
            simulators.add(simulator);
            log.info("Demo: eBay simulator for channel {} at {}", channel.id(), simulator.baseUrl());
        }
    }

    /** A buyer writes: a new question about a listing. */
    @Override
    public void customerWrites() {
        if (simulators.isEmpty()) {
            return;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String[] q = QUESTIONS[random.nextInt(QUESTIONS.length)];
        simulators.get(random.nextInt(simulators.size())).buyerAsks(q[0], nextListing(), q[1]);
    }

    private String nextListing() {
        return String.valueOf(listings.incrementAndGet());
    }

    @Override
    public void close() {
        simulators.forEach(EbaySimulator::close);
    }
}
