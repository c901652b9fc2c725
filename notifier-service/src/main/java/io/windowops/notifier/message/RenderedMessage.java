package io.windowops.notifier.message;

/** One notice rendered for people: a subject line, a plain-text body and an HTML body. */
public record RenderedMessage(String subject, String text, String html) {}
