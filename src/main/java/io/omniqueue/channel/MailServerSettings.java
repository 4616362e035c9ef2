package io.omniqueue.channel;

/**
 * An IMAP or SMTP server of a mail channel.
 *
 * @param protocol imap or imaps (reading); smtp or smtps (sending)
 * @param folder IMAP: the folder read, default INBOX
 * @param processedFolder IMAP: where a stored mail is moved, default Processed; blank leaves it in place (marked seen)
 * @param quarantineFolder IMAP: where an unreadable mail is moved, default Quarantine
 * @param starttls SMTP: upgrade the connection with STARTTLS
 */
public record MailServerSettings(String host, Integer port, String protocol, String username, String password,
                                 String folder, String processedFolder, String quarantineFolder, Boolean starttls) {

    public String folderOrDefault() {
        return folder == null || folder.isBlank() ? "INBOX" : folder;
    }

    /** Null when mail is to be left in place. */
    public String processedFolderOrDefault() {
        if (processedFolder == null) {
            return "Processed";
        }
        return processedFolder.isBlank() ? null : processedFolder;
    }

    public String quarantineFolderOrDefault() {
        return quarantineFolder == null || quarantineFolder.isBlank() ? "Quarantine" : quarantineFolder;
    }

    /** The camel-mail producer endpoint for this SMTP server. */
    public String smtpEndpointUri() {
        String scheme = protocol == null || protocol.isBlank() ? "smtp" : protocol.trim();
        StringBuilder uri = new StringBuilder(scheme).append("://").append(host);
        if (port != null) {
            uri.append(':').append(port);
        }
        // A server that accepts the connection and then stalls must not hold the reply past its lease.
        uri.append("?connectionTimeout=15000&mail.").append(scheme).append(".timeout=15000&mail.").append(scheme)
                .append(".writetimeout=15000");
        if (username != null && !username.isBlank()) {
            uri.append("&username=RAW(").append(username).append(')');
        }
        if (password != null && !password.isEmpty()) {
            uri.append("&password=RAW(").append(password).append(')');
        }
        if (Boolean.TRUE.equals(starttls)) {
            uri.append("&mail.smtp.starttls.enable=true&mail.smtp.starttls.required=true");
        }
        return uri.toString();
    }
}
