package io.omniqueue.channel.mail;

import jakarta.mail.Message;
import java.net.URI;
import java.util.Iterator;
import java.util.Map;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.mail.JavaMailSender;
import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.component.mail.MailConfiguration;
import org.apache.camel.component.mail.MailConsumer;
import org.apache.camel.component.mail.MailEndpoint;
import org.apache.camel.spi.PropertyConfigurer;
import org.apache.camel.support.PluginHelper;

/**
 * camel-mail's IMAP consumer, for the mailbox routes ({@code mailbox-imap:} and
 * {@code mailbox-imaps:}), except that it leaves each mail where it is when its exchange ends:
 * camel-mail would mark it seen and move it then, a few round trips per mail, and before the poll's
 * later mails are stored together with it. {@link MailIngestor} stores a poll's mails once the last
 * one is read and moves those stored; a mail that was not stored stays unseen for the next poll.
 * Everything else (options, connection, search, scheduling, poll strategy) is camel-mail's.
 */
class MailboxComponent extends MailComponent {

    static final String SCHEME_PREFIX = "mailbox-";

    private volatile PropertyConfigurer endpointConfigurer;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        MailConfiguration config = getConfiguration().copy();
        // imap:// or imaps:// as camel-mail reads it: the protocol comes from the scheme.
        config.configure(new URI(uri.substring(SCHEME_PREFIX.length())));
        for (Iterator<Map.Entry<String, Object>> it = parameters.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Object> parameter = it.next();
            if (parameter.getKey().startsWith("mail.")) {
                config.getAdditionalJavaMailProperties().put(parameter.getKey(), parameter.getValue());
                it.remove();
            }
        }
        MailEndpoint endpoint = new MailboxEndpoint(uri, this, config);
        endpoint.setContentTypeResolver(getContentTypeResolver());
        setEndpointHeaderFilterStrategy(endpoint);
        setProperties(endpoint, parameters);
        if (endpoint.getConfiguration().getSslContextParameters() == null) {
            endpoint.getConfiguration().setSslContextParameters(retrieveGlobalSslContextParameters());
        }
        return endpoint;
    }

    /**
     * camel-mail's own option setter (found by the component's name, which ours is not): without it
     * the options of camel-mail's configuration (folderName, peek, unseen...) are unknown.
     */
    @Override
    public PropertyConfigurer getEndpointPropertyConfigurer() {
        if (endpointConfigurer == null) {
            endpointConfigurer = PluginHelper.getConfigurerResolver(getCamelContext())
                    .resolvePropertyConfigurer("imap-endpoint", getCamelContext());
        }
        return endpointConfigurer;
    }

    static final class MailboxEndpoint extends MailEndpoint {

        MailboxEndpoint(String uri, MailComponent component, MailConfiguration configuration) {
            super(uri, component, configuration);
        }

        @Override
        public Consumer createConsumer(Processor processor, JavaMailSender sender) throws Exception {
            MailConsumer consumer = new MailboxConsumer(this, processor, sender);
            consumer.setHandleFailedMessage(getConfiguration().isHandleFailedMessage());
            consumer.setSkipFailedMessage(getConfiguration().isSkipFailedMessage());
            consumer.setMaxMessagesPerPoll(getMaxMessagesPerPoll());
            configureConsumer(consumer);
            return consumer;
        }
    }

    static final class MailboxConsumer extends MailConsumer {

        MailboxConsumer(MailEndpoint endpoint, Processor processor, JavaMailSender sender) {
            super(endpoint, processor, sender);
        }

        /** The mail stays as it is: the poll's last exchange moves what was stored ({@link MailIngestor}). */
        @Override
        protected void processCommit(Message mail, Exchange exchange) {
        }

        /** The mail stays unseen in the folder; the route's error handler has logged why. */
        @Override
        protected void processRollback(Message mail, Exchange exchange) {
        }
    }
}
