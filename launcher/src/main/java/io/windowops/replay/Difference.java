package io.windowops.replay;

/**
 * The first place where a window's recorded outputs and what {@code decide} produces now part.
 *
 * @param windowId the window
 * @param input the input being decided: where it is stored, its type, event id and decision time
 * @param output which output differs: a topic and its position within the decision, the state
 *     snapshot (with the fields that differ), or the decision as a whole
 * @param expected what {@code decide} produces now ("nothing" when it produces no output)
 * @param recorded what the topics hold ("nothing" when the scheduler produced no output)
 */
public record Difference(String windowId, String input, String output, String expected, String recorded) {}
