package io.omniqueue.channel;

import java.util.ArrayList;
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

    /** What no destination can send in the files: each empty file, and (said once) files without a name. */
    public List<String> unusableFiles() {
        List<String> problems = new ArrayList<>();
        files.stream().filter(f -> f.sizeBytes() == 0).forEach(f -> problems.add("attachment '" + f.name() + "' is empty"));
        files.stream().filter(f -> f.name() == null || f.name().isBlank())
                .findFirst().ifPresent(f -> problems.add("every attachment needs a file name"));
        return problems;
    }

    public long totalBytes() {
        return files.stream().mapToLong(FileInfo::sizeBytes).sum();
    }
}
