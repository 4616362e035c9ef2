package io.omniqueue.platform;

import java.util.Properties;
import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;

/**
 * Quartz hands every caller in a JVM the same scheduler object for one scheduler name, and Camel
 * names it after the context ({@code camel.main.name}), which every node shares. A shared
 * scheduler mixes the jobs of two contexts: a trigger that fires in a context without the route
 * deletes the job, and that channel never polls again. This factory gives its context a scheduler
 * of its own, whatever its name. With one context per JVM (production) this changes nothing; it
 * matters where several run in one JVM (the tests, an embedded set-up, several clustered nodes).
 */
final class OwnSchedulerFactory extends StdSchedulerFactory {

    private Scheduler scheduler;

    private OwnSchedulerFactory(Properties properties) throws SchedulerException {
        super(properties);
    }

    /** The Camel Quartz component of one context, on a scheduler of its own built from these properties. */
    static QuartzComponent component(Properties properties) throws SchedulerException {
        Properties own = new Properties();
        own.putAll(properties);
        // No call home to look for a newer Quartz at start-up.
        own.put("org.quartz.scheduler.skipUpdateCheck", "true");
        QuartzComponent quartz = new QuartzComponent();
        quartz.setSchedulerFactory(new OwnSchedulerFactory(own));
        quartz.setEnableJmx(false);
        return quartz;
    }

    @Override
    public synchronized Scheduler getScheduler() throws SchedulerException {
        if (scheduler == null) {
            scheduler = super.getScheduler();
            SchedulerRepository.getInstance().remove(scheduler.getSchedulerName());
        }
        return scheduler;
    }
}
