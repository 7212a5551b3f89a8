package org.affinityensemble.datasets.convert;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;

/**
 * The readable text of a raw RFC-822 message: its Subject, then its text parts (for multipart/alternative
 * the plain part, or the HTML part made plain when there is none; HTML stripped with jsoup). Every header
 * other than the Subject is dropped: in a spam corpus headers give the label away (X-Spam-*, mailing-list
 * Received chains). Non-text parts (attachments, images) are skipped. A body whose MIME structure cannot
 * be read is taken as the text after the header block.
 */
public final class MailText {

    private static final Session SESSION = Session.getInstance(new Properties());
    private static final Pattern LOOKS_LIKE_HTML =
            Pattern.compile("(?i)<\\s*/?\\s*(html|body|head|table|div|font|br|p|a|td|tr|span|img)\\b");
    private static final Pattern HEADER_END = Pattern.compile("\\r?\\n\\r?\\n");

    private MailText() {
    }

    /** The Subject and text parts of a message given as text (each char one byte where possible). */
    public static String of(String rawMessage) {
        byte[] bytes = rawMessage.chars().allMatch(c -> c < 256)
                ? rawMessage.getBytes(StandardCharsets.ISO_8859_1)
                : rawMessage.getBytes(StandardCharsets.UTF_8);
        List<String> pieces = new ArrayList<>();
        try {
            MimeMessage message = new MimeMessage(SESSION, new ByteArrayInputStream(bytes));
            String subject = subject(message);
            if (!subject.isBlank()) {
                pieces.add(subject);
            }
            collect(message, pieces);
        } catch (MessagingException | IOException | RuntimeException e) {
            pieces.clear();
            String[] headerAndBody = HEADER_END.split(rawMessage, 2);
            pieces.add(plain(headerAndBody.length == 2 ? headerAndBody[1] : ""));
        }
        return String.join("\n", pieces);
    }

    private static String subject(MimeMessage message) throws MessagingException {
        try {
            String subject = message.getSubject();
            return subject == null ? "" : subject;
        } catch (MessagingException | RuntimeException e) {
            String raw = message.getHeader("Subject", null);
            return raw == null ? "" : raw;
        }
    }

    private static void collect(Part part, List<String> pieces) throws MessagingException, IOException {
        if (part.isMimeType("text/*")) {
            String text = textOf(part);
            if (!text.isBlank()) {
                pieces.add(part.isMimeType("text/html") ? Jsoup.parse(text).text() : plain(text));
            }
        } else if (part.isMimeType("multipart/alternative")) {
            Multipart alternatives = (Multipart) part.getContent();
            BodyPart chosen = null;
            for (int i = 0; i < alternatives.getCount(); i++) {
                BodyPart candidate = alternatives.getBodyPart(i);
                if (candidate.isMimeType("text/plain") || chosen == null) {
                    chosen = candidate;
                }
                if (candidate.isMimeType("text/plain")) {
                    break;
                }
            }
            if (chosen != null) {
                collect(chosen, pieces);
            }
        } else if (part.isMimeType("multipart/*")) {
            Multipart parts = (Multipart) part.getContent();
            for (int i = 0; i < parts.getCount(); i++) {
                collect(parts.getBodyPart(i), pieces);
            }
        } else if (part.isMimeType("message/rfc822") && part.getContent() instanceof Part nested) {
            collect(nested, pieces);
        }
    }

    private static String textOf(Part part) throws MessagingException, IOException {
        try {
            Object content = part.getContent();
            if (content instanceof String text) {
                return text;
            }
        } catch (IOException | RuntimeException e) {
            // an unknown charset or a broken transfer encoding: fall back to the raw bytes below
        }
        try (InputStream raw = part.getInputStream()) {
            return TextDecoding.utf8OrLatin1(raw.readAllBytes());
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** Plain text that is really HTML (common in spam) is stripped too. */
    private static String plain(String text) {
        return LOOKS_LIKE_HTML.matcher(text).find() ? Jsoup.parse(text).text() : text;
    }
}
