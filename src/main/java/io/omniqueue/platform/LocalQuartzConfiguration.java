package io.omniqueue.platform;

import java.util.Properties;
import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.SchedulerException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One node (the default): the Camel Quartz component keeps its triggers in memory, as Quartz's own
 * defaults do (10 threads, one-minute misfire threshold), in a scheduler that belongs to this
 * context alone (see {@link OwnSchedulerFactory}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "omniqueue.cluster.enabled", havingValue = "false", matchIfMissing = true)
class LocalQuartzConfiguration {

    @Bean("quartz")
    QuartzComponent quartz(@Value("${camel.main.name:omniqueue}") String name) throws SchedulerException {
        Properties p = new Properties();
        p.put("org.quartz.scheduler.instanceName", name);
        p.put("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.put("org.quartz.threadPool.threadCount", "10");
        p.put("org.quartz.threadPool.threadsInheritContextClassLoaderOfInitializingThread", "true");
        p.put("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        p.put("org.quartz.jobStore.misfireThreshold", "60000");
        return OwnSchedulerFactory.component(p);
    }
}
