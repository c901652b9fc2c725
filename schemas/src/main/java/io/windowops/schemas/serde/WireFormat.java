package io.windowops.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Confluent's wire format, which every WindowOps value uses: a magic byte {@code 0}, the schema id
 * as a 4-byte big-endian int, then the Avro binary encoding of the value. Any Confluent-compatible
 * tool reads it.
 */
public final class WireFormat {

  /** The first byte of every framed value. */
  public static final byte MAGIC_BYTE = 0x0;

  /** Magic byte plus schema id. */
  public static final int HEADER_SIZE = 5;

  private WireFormat() {}

  /** Writes the header of a value with this schema id into {@code target[0..4]}. */
  public static void writeHeader(byte[] target, int schemaId) {
    target[0] = MAGIC_BYTE;
    target[1] = (byte) (schemaId >>> 24);
    target[2] = (byte) (schemaId >>> 16);
    target[3] = (byte) (schemaId >>> 8);
    target[4] = (byte) schemaId;
  }

  /** The header followed by {@code avroBinary}. */
  public static byte[] frame(int schemaId, byte[] avroBinary) {
    byte[] framed = new byte[HEADER_SIZE + avroBinary.length];
    writeHeader(framed, schemaId);
    System.arraycopy(avroBinary, 0, framed, HEADER_SIZE, avroBinary.length);
    return framed;
  }

  /**
   * The schema id of a framed value.
   *
   * @param topic and {@code isKey} only name the record in the message of a failure
   * @throws SerializationException if {@code data} is shorter than the header or does not start
   *     with the magic byte
   */
  public static int schemaId(byte[] data, String topic, boolean isKey) {
    if (data.length < HEADER_SIZE) {
      throw new SerializationException(
          "Cannot deserialize the "
              + part(isKey)
              + " of a record from topic '"
              + topic
              + "': it has "
              + data.length
              + (data.length == 1 ? " byte" : " bytes")
              + ", fewer than the "
              + HEADER_SIZE
              + "-byte header of the Confluent wire format (magic byte 0, 4-byte schema id)");
    }
    if (data[0] != MAGIC_BYTE) {
      throw new SerializationException(
          String.format(
              "Cannot deserialize the %s of a record from topic '%s': unknown magic byte 0x%02x"
                  + " (expected 0x00), so it is not in the Confluent wire format",
              part(isKey), topic, data[0] & 0xff));
    }
    return ((data[1] & 0xff) << 24)
        | ((data[2] & 0xff) << 16)
        | ((data[3] & 0xff) << 8)
        | (data[4] & 0xff);
  }

  static String part(boolean isKey) {
    return isKey ? "key" : "value";
  }
}
