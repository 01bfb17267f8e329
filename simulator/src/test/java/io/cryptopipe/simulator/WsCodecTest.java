package io.cryptopipe.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The RFC 6455 wire format, checked against the RFC's own examples (sections 1.3 and 5.7). */
class WsCodecTest {

    @Test
    void acceptKeyMatchesTheRfcExample() {
        assertThat(WsCodec.acceptKey("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @Test
    void shortServerFrameIsUnmaskedWithA7BitLength() {
        assertThat(WsCodec.text("Hello")).containsExactly(0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f);
        assertThat(WsCodec.encode(WsCodec.TEXT, new byte[125])).startsWith(0x81, 125).hasSize(127);
    }

    @Test
    void mediumServerFrameUsesA16BitLength() {
        byte[] payload = filled(256);
        byte[] frame = WsCodec.encode(WsCodec.BINARY, payload);
        assertThat(Arrays.copyOf(frame, 4)).containsExactly(0x82, 0x7E, 0x01, 0x00);
        assertThat(Arrays.copyOfRange(frame, 4, frame.length)).isEqualTo(payload);
        assertThat(WsCodec.encode(WsCodec.TEXT, new byte[126])).startsWith(0x81, 0x7E, 0x00, 0x7E);
        assertThat(WsCodec.encode(WsCodec.TEXT, new byte[65_535])).startsWith(0x81, 0x7E, 0xFF, 0xFF);
    }

    @Test
    void largeServerFrameUsesA64BitLength() {
        byte[] frame = WsCodec.encode(WsCodec.BINARY, filled(65_536));
        assertThat(Arrays.copyOf(frame, 10)).containsExactly(0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0);
        assertThat(frame).hasSize(10 + 65_536);
    }

    @Test
    void readsTheRfcMaskedTextFrame() throws Exception {
        byte[] wire = bytes(0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58);
        WsCodec.Frame frame = WsCodec.read(new ByteArrayInputStream(wire), 1_000);
        assertThat(frame.fin()).isTrue();
        assertThat(frame.opcode()).isEqualTo(WsCodec.TEXT);
        assertThat(new String(frame.payload(), StandardCharsets.UTF_8)).isEqualTo("Hello");
    }

    @Test
    void readsMaskedFramesWith16And64BitLengths() throws Exception {
        for (int length : new int[] {300, 70_000}) {
            byte[] payload = filled(length);
            WsCodec.Frame frame = WsCodec.read(new ByteArrayInputStream(masked(WsCodec.BINARY, payload)), 100_000);
            assertThat(frame.payload()).as("length %d", length).isEqualTo(payload);
        }
    }

    @Test
    void refusesUnmaskedClientFrames() {
        assertThatThrownBy(() -> WsCodec.read(new ByteArrayInputStream(WsCodec.text("Hello")), 1_000))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("masked");
    }

    @Test
    void refusesOversizedPayloadsFragmentedControlFramesAndUnknownOpcodes() {
        assertThatThrownBy(() -> WsCodec.read(new ByteArrayInputStream(masked(WsCodec.TEXT, filled(2_000))), 1_000))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("too large");
        byte[] fragmentedPing = masked(WsCodec.PING, filled(3));
        fragmentedPing[0] &= 0x7F;
        assertThatThrownBy(() -> WsCodec.read(new ByteArrayInputStream(fragmentedPing), 1_000))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("fragmented");
        assertThatThrownBy(() -> WsCodec.read(new ByteArrayInputStream(masked(0x3, filled(1))), 1_000))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("opcode 3");
    }

    @Test
    void streamEndingMidFrameIsAnEof() {
        byte[] cut = Arrays.copyOf(masked(WsCodec.TEXT, filled(10)), 8);
        assertThatThrownBy(() -> WsCodec.read(new ByteArrayInputStream(cut), 1_000)).isInstanceOf(EOFException.class);
    }

    @Test
    void closeFrameCarriesTheCodeAndReason() {
        byte[] frame = WsCodec.close(WsCodec.POLICY_VIOLATION, "Unauthorized");
        assertThat(frame[0] & 0xFF).isEqualTo(0x88);
        byte[] payload = Arrays.copyOfRange(frame, 2, frame.length);
        assertThat(WsCodec.closeCode(payload)).isEqualTo(1008);
        assertThat(new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8)).isEqualTo("Unauthorized");
        assertThat(WsCodec.closeCode(new byte[0])).isEqualTo(1005);
        assertThat(WsCodec.close(1000, "x".repeat(300))).hasSize(2 + 125);
    }

    /** A client frame as RFC 6455 section 5.3 builds it, with a fixed mask. */
    static byte[] masked(int opcode, byte[] payload) {
        byte[] mask = {0x12, 0x34, 0x56, 0x78};
        int n = payload.length;
        ByteBuffer frame = ByteBuffer.allocate(14 + n).put((byte) (0x80 | opcode));
        if (n < 126) {
            frame.put((byte) (0x80 | n));
        } else if (n <= 0xFFFF) {
            frame.put((byte) (0x80 | 126)).putShort((short) n);
        } else {
            frame.put((byte) (0x80 | 127)).putLong(n);
        }
        frame.put(mask);
        for (int i = 0; i < n; i++) {
            frame.put((byte) (payload[i] ^ mask[i & 3]));
        }
        return Arrays.copyOf(frame.array(), frame.position());
    }

    private static byte[] filled(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
