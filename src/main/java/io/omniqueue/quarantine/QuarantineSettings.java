package io.omniqueue.quarantine;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code omniqueue.quarantine}: how big an operator's corrected payload may be. Every correction
 * is kept beside the original, so without a limit one mistaken paste fills the database.
 */
@ConfigurationProperties("omniqueue.quarantine")
public record QuarantineSettings(@DefaultValue("1048576") long maxCorrectionBytes) {

    public QuarantineSettings {
        if (maxCorrectionBytes < 1) {
            throw new IllegalArgumentException(
                    "omniqueue.quarantine.max-correction-bytes must be positive, was " + maxCorrectionBytes);
        }
    }

    /**
     * The largest request body read for a correction: room for the envelope and for indentation
     * around a payload at the limit. A bigger body can't hold an acceptable correction, so it is
     * refused before it is read.
     */
    public long maxCorrectionRequestBytes() {
        return maxCorrectionBytes > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : maxCorrectionBytes * 2;
    }
}
