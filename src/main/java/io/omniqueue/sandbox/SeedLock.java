package io.omniqueue.sandbox;

import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Makes a simulator's seed of many items one step for its listings: a listing taken while a seed
 * goes on sees every seeded item or none. A poll that listed half a seed would move its cursor
 * past that half and find the rest only on its next run, which no marketplace does to a seller.
 * Items opened one at a time (a test's customer writing) need no lock.
 */
public final class SeedLock {

    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    /** Runs a seed (items opened one by one) as one step for {@link #listing}. */
    public void seed(Runnable opening) {
        lock.writeLock().lock();
        try {
            opening.run();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Reads the items for a listing, never half-way through a seed. */
    public <T> T listing(Supplier<T> read) {
        lock.readLock().lock();
        try {
            return read.get();
        } finally {
            lock.readLock().unlock();
        }
    }
}
