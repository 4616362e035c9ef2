package io.omniqueue.platform;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.quartz.SchedulerException;
import org.apache.camel.component.quartz.QuartzComponent;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Several nodes: the Camel Quartz component (channel polls, mailbox schedules, the SLA watch)
 * keeps its triggers in the shared PostgreSQL as one clustered scheduler. Each job then fires on
 * one node at a time, and the jobs of a node that stops checking in are taken over by the others.
 * All nodes carry the same {@code camel.main.name}, which names the scheduler.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "omniqueue.cluster.enabled", havingValue = "true")
class ClusteredQuartzConfiguration {

    @Bean("quartz")
    QuartzComponent quartz(DataSourceProperties database, ClusterSettings cluster) throws SchedulerException {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("org.quartz.scheduler.instanceName", "omniqueue");
        p.put("org.quartz.scheduler.instanceId", "AUTO");
        p.put("org.quartz.threadPool.threadCount", String.valueOf(cluster.threads()));
        p.put("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.put("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.put("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.put("org.quartz.jobStore.isClustered", "true");
        p.put("org.quartz.jobStore.clusterCheckinInterval", String.valueOf(cluster.checkinInterval()));
        // Quartz runs its own small pool on the same database: its transactions are its own. Its
        // pools are registered JVM-wide by name, so each node names its own (a node stopping must
        // not close the pool of another node in the same JVM).
        String pool = "omniqueue-" + java.util.UUID.randomUUID();
        p.put("org.quartz.jobStore.dataSource", pool);
        p.put("org.quartz.dataSource." + pool + ".provider", "hikaricp");
        p.put("org.quartz.dataSource." + pool + ".driver", database.determineDriverClassName());
        p.put("org.quartz.dataSource." + pool + ".URL", database.determineUrl());
        p.put("org.quartz.dataSource." + pool + ".user", database.determineUsername());
        p.put("org.quartz.dataSource." + pool + ".password", database.determinePassword() == null ? "" : database.determinePassword());
        p.put("org.quartz.dataSource." + pool + ".maxConnections", String.valueOf(cluster.threads() + 3));
        Properties properties = new Properties();
        properties.putAll(p);
        return OwnSchedulerFactory.component(properties);
    }
}
