package io.omniqueue.conversation;

/**
 * Whose conversations the queue shows: anyone's ({@link #ANYONE}), nobody's ({@link #NOBODY}) or one agent's.
 *
 * @param agent the agent, when the filter is one agent's
 */
public record AssigneeFilter(boolean nobody, String agent) {

    public static final AssigneeFilter ANYONE = new AssigneeFilter(false, null);
    public static final AssigneeFilter NOBODY = new AssigneeFilter(true, null);

    public static AssigneeFilter agent(String agent) {
        return new AssigneeFilter(false, agent);
    }
}
