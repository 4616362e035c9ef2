package io.omniqueue.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;

/** The channel files we ship bind completely: a record that silently binds nothing would drop a whole SLA. */
class ChannelSettingsBindingTest {

    private static ChannelsSettings bind(String file) throws Exception {
        StandardEnvironment environment = new StandardEnvironment();
        new YamlPropertySourceLoader().load(file, new FileSystemResource(Path.of("config", file)))
                .forEach(source -> environment.getPropertySources().addFirst(source));
        return Binder.get(environment).bind("omniqueue", ChannelsSettings.class).get();
    }

    @Test
    void shippedContactFormKeepsItsBusinessHoursAndHolidays() throws Exception {
        ChannelSettings form = bind("channels.yaml").channels().get(0);
        assertThat(form.sla().contract()).isEqualTo(Duration.ofHours(24));
        assertThat(form.sla().internal().target()).isEqualTo(Duration.ofHours(8));
        assertThat(form.sla().internal().zone()).isEqualTo("Europe/Paris");
        assertThat(form.sla().internal().hours().get(DayOfWeek.MONDAY)).containsExactly("09:00-12:30", "14:00-18:00");
        assertThat(form.sla().internal().holidays()).isNotEmpty();
        assertThat(form.warnBeforeOrDefault()).containsExactly(Duration.ofHours(4), Duration.ofHours(1), Duration.ZERO);
    }

    @Test
    void demoChannelsBindEveryKindsSettings() throws Exception {
        List<ChannelSettings> demo = bind("channels-demo.yaml").channels();
        assertThat(demo).extracting(ChannelSettings::kind).contains("webhook", "mirakl", "mail");
        ChannelSettings mail = demo.stream().filter(c -> c.kind().equals("mail")).findFirst().orElseThrow();
        assertThat(mail.imap().username()).isEqualTo("contact");
        assertThat(mail.amazon().sla().contract()).isEqualTo(Duration.ofHours(24));
        assertThat(mail.pollDelay()).isEqualTo(Duration.ofSeconds(10));
        assertThat(demo).filteredOn(c -> c.kind().equals("mirakl")).extracting(ChannelSettings::marketplace)
                .containsExactly("carrefour-fr", "leroymerlin-fr");
    }
}
