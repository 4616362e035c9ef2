package io.omniqueue.web;

import io.omniqueue.platform.InputText;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The checks of text that reaches a column, for what is not a request record (headers, query
 * and multipart fields): each refusal is a 400 whose detail starts with the field's name.
 */
public final class InputRules {

    private InputRules() {
    }

    /** An id, a name or a header value. */
    public static String line(String field, String value, int maxLength) {
        InputText.lineProblem(value, maxLength).ifPresent(problem -> {
            throw new BadRequestException(field + " " + problem);
        });
        return value;
    }

    /**
     * A header value: as {@link #line}, but judged by what it says. Tomcat reads header bytes as
     * ISO-8859-1, so a name sent in UTF-8 ("Łukasz": C5 81...) shows C1 controls that its sender
     * never wrote; when the bytes are UTF-8, the UTF-8 reading is checked. The length is the one
     * of the value as the application receives (and stores) it.
     */
    public static String header(String name, String value, int maxLength) {
        if (value != null && value.length() > maxLength) {
            throw new BadRequestException(name + " is longer than " + maxLength + " characters");
        }
        line(name, InputText.headerAsSent(value), Integer.MAX_VALUE);
        return value;
    }

    /** A message body or a reason. */
    public static String text(String field, String value, int maxLength) {
        InputText.textProblem(value, maxLength).ifPresent(problem -> {
            throw new BadRequestException(field + " " + problem);
        });
        return value;
    }

    /** A raw payload kept as it came: only what the database can't store is refused. */
    public static String storable(String field, String value) {
        InputText.storableProblem(value, Integer.MAX_VALUE).ifPresent(problem -> {
            throw new BadRequestException(field + " " + problem);
        });
        return value;
    }

    /** Bytes as text in their declared charset; malformed bytes are refused, never replaced. */
    public static String decode(String field, byte[] bytes, Charset charset) {
        try {
            return strictDecoder(charset).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BadRequestException(field + " is not valid " + charset.name());
        }
    }

    private static CharsetDecoder strictDecoder(Charset charset) {
        return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    }
}
