package io.windowops.notifier.channel;

/** A delivered message: the id the channel gave it (nullable) and how many attempts it took. */
public record Sent(String externalId, int attempts) {}
