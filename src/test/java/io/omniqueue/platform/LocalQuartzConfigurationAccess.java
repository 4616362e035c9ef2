package io.omniqueue.platform;

import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.SchedulerException;

/** The one-node Quartz component as the service builds it, for tests of other features' Quartz routes. */
public final class LocalQuartzConfigurationAccess {

    private LocalQuartzConfigurationAccess() {
    }

    public static QuartzComponent component(String contextName) throws SchedulerException {
        return new LocalQuartzConfiguration().quartz(contextName);
    }
}
