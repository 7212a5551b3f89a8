package org.affinityensemble.model.decoder;

/**
 * An instruction template with one {@code {text}} placeholder, e.g. {@code "Review: {text}\nSentiment:"}; the
 * rendered prompt ends where the answer begins, and the model's next-token distribution after the prompt's last token
 * (the answer position) is read. Label words continue the prompt after {@link #answerSeparator()} (a space by
 * default: {@code "Sentiment:" + " " + "positive"}).
 */
public record PromptTemplate(String pattern, String answerSeparator) {

    public static final String PLACEHOLDER = "{text}";

    public PromptTemplate {
        if (pattern == null || pattern.indexOf(PLACEHOLDER) < 0
                || pattern.indexOf(PLACEHOLDER) != pattern.lastIndexOf(PLACEHOLDER)) {
            throw new IllegalArgumentException("a template needs exactly one " + PLACEHOLDER + " placeholder");
        }
        if (answerSeparator == null) {
            throw new IllegalArgumentException("answer separator is null (use \"\" for none)");
        }
    }

    public PromptTemplate(String pattern) {
        this(pattern, " ");
    }

    public String render(String text) {
        return pattern.replace(PLACEHOLDER, text);
    }
}
