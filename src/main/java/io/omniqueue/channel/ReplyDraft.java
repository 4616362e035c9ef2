package io.omniqueue.channel;

import java.util.List;

/**
 * A reply as an agent submits it, checked against the destination's limits before it is accepted.
 *
 * @param files name, type and size of each file to attach
 * @param externalThreadId the thread answered (a connector's limits may depend on it, e.g. Amazon in a mailbox)
 */
public record ReplyDraft(String body, List<FileInfo> files, String externalThreadId) {

    public ReplyDraft {
        files = files == null ? List.of() : List.copyOf(files);
    }

    public record FileInfo(String name, String contentType, long sizeBytes) {
    }

    public long totalBytes() {
        return files.stream().mapToLong(FileInfo::sizeBytes).sum();
    }
}
