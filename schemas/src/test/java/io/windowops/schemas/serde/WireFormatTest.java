package io.windowops.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The Confluent wire format")
class WireFormatTest {

  @Test
  @DisplayName("is magic byte 0, the schema id big-endian in four bytes, then the Avro bytes")
  void layout() {
    byte[] framed = WireFormat.frame(0x01020304, new byte[] {42, 43});

    assertThat(framed).containsExactly(0, 1, 2, 3, 4, 42, 43);
    assertThat(WireFormat.schemaId(framed, "t", false)).isEqualTo(0x01020304);
  }

  @Test
  @DisplayName("reads ids with the high bit of a byte set as unsigned bytes")
  void unsignedBytes() {
    byte[] framed = WireFormat.frame(0x00ff80fe, new byte[0]);

    assertThat(WireFormat.schemaId(framed, "t", false)).isEqualTo(0x00ff80fe);
    assertThat(WireFormat.schemaId(WireFormat.frame(Integer.MAX_VALUE, new byte[0]), "t", false))
        .isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  @DisplayName("rejects data shorter than the header, saying how short and where it came from")
  void tooShort() {
    assertThatThrownBy(() -> WireFormat.schemaId(new byte[] {0, 0, 1}, "windowops.steps.v1", false))
        .isInstanceOf(SerializationException.class)
        .hasMessage(
            "Cannot deserialize the value of a record from topic 'windowops.steps.v1': it has 3"
                + " bytes, fewer than the 5-byte header of the Confluent wire format (magic byte 0,"
                + " 4-byte schema id)");
    assertThatThrownBy(() -> WireFormat.schemaId(new byte[0], "t", true))
        .hasMessageContaining("the key of a record from topic 't': it has 0 bytes");
  }

  @Test
  @DisplayName("rejects a wrong magic byte, naming it in hex")
  void wrongMagic() {
    byte[] json = "{\"windowId\":\"MNT-1\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    assertThatThrownBy(() -> WireFormat.schemaId(json, "windowops.requests.v1", false))
        .isInstanceOf(SerializationException.class)
        .hasMessage(
            "Cannot deserialize the value of a record from topic 'windowops.requests.v1': unknown"
                + " magic byte 0x7b (expected 0x00), so it is not in the Confluent wire format");
  }
}
