package io.omniqueue.sandbox.mirakl;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class InboxStateTest {

    private static final int SEEDED = 5_000;

    @Test
    void aListingDuringASeedSeesEveryOneOfItsThreadsOrNone() {
        InboxState inbox = new InboxState();
        Set<Integer> sizesSeen = ConcurrentHashMap.newKeySet();
        CompletableFuture<Void> seeding = CompletableFuture.runAsync(() -> inbox.together(() -> {
            for (int i = 0; i < SEEDED; i++) {
                inbox.openThread("MIR-" + i + "-A", Customer.named("Customer " + i),
                        StoredMessage.create(SenderType.CUSTOMER_USER, "Question " + i, Instant.EPOCH.plusSeconds(i),
                                List.of(Party.SHOP), List.of()));
            }
        }));
        // A poll's listings, while the seed goes on and once after it.
        while (!seeding.isDone()) {
            sizesSeen.add(inbox.snapshot().size());
        }
        seeding.join();
        sizesSeen.add(inbox.snapshot().size());
        assertThat(sizesSeen).isSubsetOf(0, SEEDED).contains(SEEDED);
    }
}
