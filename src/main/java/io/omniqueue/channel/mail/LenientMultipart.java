package io.omniqueue.channel.mail;

import jakarta.activation.DataSource;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMultipart;

/**
 * jakarta.mail's multipart parser with the lenient settings fixed. The defaults come from JVM-wide system
 * properties; pinning them here keeps a truncated mail readable whatever another component sets.
 */
final class LenientMultipart extends MimeMultipart {

    LenientMultipart(DataSource source) throws MessagingException {
        super(source);
    }

    @Override
    protected void initializeProperties() {
        super.initializeProperties();
        ignoreMissingEndBoundary = true;
        ignoreMissingBoundaryParameter = true;
        ignoreExistingBoundaryParameter = false;
        allowEmpty = true;
    }
}
