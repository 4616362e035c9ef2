package io.omniqueue.sandbox.mirakl;

/** An attachment and its bytes, kept so that M13 can serve exactly what was uploaded or seeded. */
record StoredAttachment(String id, String name, byte[] content) {

    StoredAttachment {
        content = content.clone();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    int size() {
        return content.length;
    }
}
