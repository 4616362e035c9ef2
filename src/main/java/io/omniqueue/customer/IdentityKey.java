package io.omniqueue.customer;

import java.text.Normalizer;
import java.util.Locale;

/** One identity as stored: kind, scope (the channel for SOURCE, else empty) and the normalized value. */
record IdentityKey(IdentityKind kind, String scope, String value) implements Comparable<IdentityKey> {

    static IdentityKey email(String address) {
        return new IdentityKey(IdentityKind.EMAIL, "", address.strip().toLowerCase(Locale.ROOT));
    }

    static IdentityKey source(String channelId, String ref) {
        return new IdentityKey(IdentityKind.SOURCE, channelId, ref.strip());
    }

    static IdentityKey order(String orderId) {
        return new IdentityKey(IdentityKind.ORDER, "", orderId.strip());
    }

    /** Lower case, no accents, single spaces; null unless at least two words (one word is too weak even to suggest). */
    static String nameKey(String name) {
        if (name == null) {
            return null;
        }
        String plain = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}+", "")
                .toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
        return plain.contains(" ") ? plain : null;
    }

    /** Deterministic insert order, so that two ingests of one person take the unique keys in the same order. */
    @Override
    public int compareTo(IdentityKey o) {
        int c = kind.compareTo(o.kind);
        if (c == 0) {
            c = scope.compareTo(o.scope);
        }
        return c != 0 ? c : value.compareTo(o.value);
    }
}
