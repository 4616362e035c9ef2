package io.omniqueue.sandbox.mirakl;

import java.util.Collection;
import java.util.List;

/** One M11 page and the tokens around it; a token is null when there is nothing on that side. */
record ThreadPage(List<InboxThread> threads, PageToken next, PageToken previous) {

    ThreadPage {
        threads = List.copyOf(threads);
    }

    /**
     * Seeks from the cursor's edge instead of counting an offset, so threads updated between two calls neither
     * shift the following pages nor appear twice (an updated thread moves to the top, before the cursor).
     */
    static ThreadPage of(Collection<InboxThread> inbox, ThreadQuery query, PageToken cursor, int limit,
                         int pageNumber) {
        List<InboxThread> matching = inbox.stream()
                .filter(query::matches)
                .sorted(InboxThread.LISTING_ORDER)
                .toList();
        int from;
        int to;
        if (cursor == null) {
            from = 0;
            to = Math.min(limit, matching.size());
        } else if (!cursor.backwards()) {
            from = countSortingBeforeOrAtEdge(matching, cursor);
            to = Math.min(from + limit, matching.size());
        } else {
            to = countSortingBeforeEdge(matching, cursor);
            from = Math.max(0, to - limit);
        }
        List<InboxThread> page = matching.subList(from, to);
        if (page.isEmpty()) {
            return new ThreadPage(page, null, null);
        }
        PageToken next = to < matching.size()
                ? PageToken.after(query, page.get(page.size() - 1), pageNumber + 1) : null;
        PageToken previous = from > 0
                ? PageToken.before(query, page.get(0), Math.max(1, pageNumber - 1)) : null;
        return new ThreadPage(page, next, previous);
    }

    private static int countSortingBeforeOrAtEdge(List<InboxThread> sorted, PageToken cursor) {
        int count = 0;
        while (count < sorted.size() && cursor.compareWithEdge(sorted.get(count)) <= 0) {
            count++;
        }
        return count;
    }

    private static int countSortingBeforeEdge(List<InboxThread> sorted, PageToken cursor) {
        int count = 0;
        while (count < sorted.size() && cursor.compareWithEdge(sorted.get(count)) < 0) {
            count++;
        }
        return count;
    }
}
