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
}
