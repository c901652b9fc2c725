package io.windowops.schemas;

/**
 * The fixed key of the global emergency freeze events ({@code FreezeAll}/{@code Unfreeze}) on
 * {@link Topics#REQUESTS}: their envelope's windowId and Kafka key. One key puts every freeze
 * event in one partition, in order, so the last one there is the freeze state. It is not a
 * window id: the scheduler assigns those ({@code MNT-...}) and ignores this key's events.
 */
public final class FreezeKey {

  /** Key and windowId of every FreezeAll/Unfreeze event. */
  public static final String WINDOW_ID = "GLOBAL-FREEZE";

  private FreezeKey() {}
}
