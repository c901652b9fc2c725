package io.windowops.platform.registry;

import io.windowops.schemas.registry.CompatibilityLevel;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's state and the only way to change it. Every change is appended to the {@link
 * SchemaLog}, acknowledged by Kafka, and read back before the caller hears of it; the state is only
 * ever built from the log (at start and after each write), as Confluent's registry does.
 *
 * <p>Single writer: {@link #open}, {@link #register}, {@link #setLevel} and {@link #clearLevel}
 * must be called from one thread (the server's store thread). Readers on any thread use {@link
 * #snapshot()}, an immutable copy published after each change. Before each write the log is read to
 * its end, so a write that timed out but landed, or one made by another instance on the same topic,
 * is seen before ids are handed out; still, run one registry per topic: two writing at the same
 * instant could hand out the same id.
 */
final class SchemaStore implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SchemaStore.class);

  private final SchemaLog log;
  private final RegistryState working = new RegistryState();
  private volatile RegistryState published = working.copy();
  private boolean changed;

  SchemaStore(SchemaLog log) {
    this.log = log;
  }

  /** Creates the topic if needed and reads it to the end. Blocking. */
  void open() {
    long began = System.nanoTime();
    log.open();
    log.catchUp(this::apply);
    publish();
    LOG.info(
        "Schema store {} read in {} ms: {} schemas, {} subjects",
        log.topic(),
        (System.nanoTime() - began) / 1_000_000,
        published.schemaCount(),
        published.subjects().size());
  }

  /** The latest published state; never changes once returned. */
  RegistryState snapshot() {
    return published;
  }

  /**
   * Registers {@code schema} under {@code subject}: the existing id if the subject already has it;
   * else, if the subject's level allows it, a new version with the schema's id (shared with other
   * subjects that have the same schema) or a new id. Blocking.
   *
   * @throws RegistryError 409 if incompatible, 50001/50002 if the store fails
   */
  int register(String subject, Schema schema) {
    refresh();
    String canonical = schema.toString();
    Optional<Integer> existing = working.idOf(canonical);
    if (existing.isPresent() && working.versionWithId(subject, existing.get()).isPresent()) {
      return existing.get();
    }
    CompatibilityLevel level = working.effectiveLevel(subject);
    List<String> problems = CompatibilityCheck.problems(level, schema, working.history(subject));
    if (!problems.isEmpty()) {
      LOG.info("Rejected an incompatible schema for subject '{}' ({})", subject, level);
      throw RegistryError.incompatible(subject, problems);
    }
    int id = existing.orElseGet(working::nextId);
    int version = working.nextVersion(subject);
    write(
        StoreRecords.schemaKey(subject, version),
        StoreRecords.schemaValue(subject, version, id, canonical));
    LOG.info("Registered schema id {} as version {} of subject '{}'", id, version, subject);
    return id;
  }

  /** Sets the level of {@code subject}, or the global level for null. Blocking. */
  CompatibilityLevel setLevel(String subject, CompatibilityLevel level) {
    refresh();
    write(StoreRecords.configKey(subject), StoreRecords.configValue(level));
    LOG.info(
        "Compatibility of {} set to {}",
        subject == null ? "the registry" : "subject '" + subject + "'",
        level);
    return level;
  }

  /**
   * Removes the subject's own level, so the global one applies again. Blocking.
   *
   * @return the removed level
   * @throws RegistryError 40408 if the subject had none
   */
  CompatibilityLevel clearLevel(String subject) {
    refresh();
    CompatibilityLevel previous =
        working
            .subjectLevel(subject)
            .orElseThrow(() -> RegistryError.subjectLevelNotConfigured(subject));
    write(StoreRecords.configKey(subject), null);
    LOG.info("Compatibility of subject '{}' reset to the global level", subject);
    return previous;
  }

  private void refresh() {
    log.catchUp(this::apply);
    publish();
  }

  private void write(String key, String value) {
    long offset = log.append(key, value);
    log.readUntil(offset + 1, this::apply);
    publish();
  }

  private void apply(ConsumerRecord<String, String> record) {
    try {
      if (StoreRecords.apply(working, record.key(), record.value())) {
        changed = true;
      } else {
        LOG.debug(
            "Ignoring record at offset {} of {}: key {}",
            record.offset(),
            record.topic(),
            record.key());
      }
    } catch (RuntimeException e) {
      // One bad record must not hide every other schema: report it and go on.
      LOG.error(
          "Skipping unreadable record at offset {} of the schema store {}: {}",
          record.offset(),
          record.topic(),
          e.toString());
    }
  }

  private void publish() {
    if (changed) {
      published = working.copy();
      changed = false;
    }
  }

  @Override
  public void close() {
    log.close();
  }
}
