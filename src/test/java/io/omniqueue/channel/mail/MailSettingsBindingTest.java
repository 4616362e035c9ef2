package io.omniqueue.channel.mail;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniqueue.channel.EnvironmentBinderForTests;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The mail kind's own keys bind from the same channel entry as the common ones, as operators write them. */
class MailSettingsBindingTest {

    @Test
    void demoMailboxBindsItsServersAmazonPolicyAndPollDelay() throws Exception {
        EnvironmentBinderForTests demo = EnvironmentBinderForTests.of("channels-demo.yaml");
        MailSettings mail = demo.bind(demo.indexOf("shop-mailbox"), MailSettings.class);
        assertThat(mail.imap().username()).isEqualTo("contact");
        assertThat(mail.smtp().port()).isEqualTo(3025);
        assertThat(mail.from()).isEqualTo("contact@demo-shop.example");
        assertThat(mail.amazon().sla().contract()).isEqualTo(Duration.ofHours(24));
        assertThat(mail.pollDelay()).isEqualTo(Duration.ofSeconds(10));
    }
}
