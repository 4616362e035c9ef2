package io.omniqueue.channel.mirakl;

/** A file going to or coming from Mirakl. */
record MiraklFile(String name, String contentType, byte[] content) {
}
