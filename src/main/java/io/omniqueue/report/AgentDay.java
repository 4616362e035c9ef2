package io.omniqueue.report;

/**
 * One agent's day: the conversations assigned to them that wait for a reply, how many of those are
 * at risk (due within the at-risk lead) or breached, and the replies of theirs sent since midnight.
 */
public record AgentDay(String agent, long open, long atRisk, long breached, long repliesSentToday) {
}
