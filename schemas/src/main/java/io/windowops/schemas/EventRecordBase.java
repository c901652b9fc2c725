package io.windowops.schemas;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Base class of every generated event record (the avro-maven-plugin's {@code recordSpecificClass}).
 *
 * <p>Avro 1.12.2 checks every class it loads by name against a global allow-list ({@link
 * ClassSecurityValidator}) that trusts only a few JDK classes by default, so reading, copying or
 * building a record with nested records fails with "Forbidden io.windowops.events...! This class
 * is not trusted". Loading any generated record class runs this class's initializer, which adds the
 * generated classes of the event contract, and nothing else, to that allow-list. No system property
 * ({@code org.apache.avro.SERIALIZABLE_PACKAGES}) is needed in services or tests.
 */
public abstract class EventRecordBase extends SpecificRecordBase {

  /** Package of the generated event classes. */
  public static final String EVENTS_PACKAGE = "io.windowops.events";

  private static final AtomicBoolean TRUSTED = new AtomicBoolean();

  static {
    trustEventClasses();
  }

  /**
   * Adds the generated records and enums of {@value #EVENTS_PACKAGE} to Avro's class allow-list,
   * keeping whatever it trusted before. Idempotent; called when the first event record class loads.
   */
  public static void trustEventClasses() {
    if (TRUSTED.compareAndSet(false, true)) {
      synchronized (ClassSecurityValidator.class) {
        ClassSecurityValidator.setGlobal(
            ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(), EventRecordBase::isEventClass));
      }
    }
  }

  /** Whether {@code type} is a generated record or enum of the event contract. */
  static boolean isEventClass(Class<?> type) {
    return type.getPackageName().equals(EVENTS_PACKAGE)
        && (SpecificRecord.class.isAssignableFrom(type) || type.isEnum());
  }
}
