package io.omniqueue.metrics;

import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/** The last figures read from the database; null until the first refresh. */
@Component
class QueueFiguresCache {

    private final AtomicReference<QueueFigures> latest = new AtomicReference<>();

    QueueFigures latest() {
        return latest.get();
    }

    void update(QueueFigures figures) {
        latest.set(figures);
    }
}
