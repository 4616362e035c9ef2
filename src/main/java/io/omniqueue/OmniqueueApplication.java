package io.omniqueue;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class OmniqueueApplication {

    public static void main(String[] args) {
        SpringApplication.run(OmniqueueApplication.class, args);
    }
}
