package io.omniqueue.channel.mail;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The mailbox routes' IMAP consumer ({@link MailboxComponent}), under the schemes their template uses. */
@Configuration(proxyBeanMethods = false)
class MailboxComponents {

    @Bean(MailboxComponent.SCHEME_PREFIX + "imap")
    MailboxComponent mailboxImap() {
        return new MailboxComponent();
    }

    @Bean(MailboxComponent.SCHEME_PREFIX + "imaps")
    MailboxComponent mailboxImaps() {
        return new MailboxComponent();
    }
}
