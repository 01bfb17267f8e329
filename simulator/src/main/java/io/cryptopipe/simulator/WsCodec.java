package io.cryptopipe.simulator;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The RFC 6455 wire format, as far as a server needs it: the handshake's accept key, unmasked server frames with
 * 7-bit, 16-bit and 64-bit payload lengths, and masked client frames. Pure functions over bytes and streams.
 */
final class WsCodec {
    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    static final int NORMAL_CLOSURE = 1000;
    static final int GOING_AWAY = 1001;
    static final int PROTOCOL_ERROR = 1002;
    static final int POLICY_VIOLATION = 1008;
    static final int MESSAGE_TOO_BIG = 1009;

    /** The GUID RFC 6455 section 1.3 appends to the client's key. */
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    /** Control frames carry at most 125 bytes (RFC 6455 section 5.5). */
    private static final int MAX_CONTROL_PAYLOAD = 125;

    private WsCodec() {
    }

    /**
     * A frame as read from a client, unmasked.
     *
     * @param fin     whether this is the final fragment of its message
     * @param opcode  one of the opcode constants (others are rejected while reading)
     * @param payload the unmasked application data
     */
    record Frame(boolean fin, int opcode, byte[] payload) {
    }

    /** {@code base64(SHA-1(key + GUID))}, the value of {@code Sec-WebSocket-Accept}. */
    static String acceptKey(String clientKey) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest((clientKey.trim() + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-1", e);
        }
    }

    /** A complete (FIN) unmasked server frame; the length takes 7, 16 or 64 bits as the payload needs. */
    static byte[] encode(int opcode, byte[] payload) {
        int n = payload.length;
        int header = n < 126 ? 2 : n <= 0xFFFF ? 4 : 10;
        ByteBuffer frame = ByteBuffer.allocate(header + n);
        frame.put((byte) (0x80 | opcode));
        if (n < 126) {
            frame.put((byte) n);
        } else if (n <= 0xFFFF) {
            frame.put((byte) 126).putShort((short) n);
        } else {
            frame.put((byte) 127).putLong(n);
        }
        return frame.put(payload).array();
    }

    static byte[] text(String text) {
        return encode(TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A close frame with a status code and a short reason (cut to fit a control frame). */
    static byte[] close(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(text.length, MAX_CONTROL_PAYLOAD - 2);
        ByteBuffer payload = ByteBuffer.allocate(2 + length).putShort((short) code).put(text, 0, length);
        return encode(CLOSE, payload.array());
    }

    /** The status code of a close frame's payload; 1005 (no status) when it carries none. */
    static int closeCode(byte[] payload) {
        return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
    }

    /**
     * Reads one frame from a client. Clients must mask every frame (RFC 6455 section 5.1).
     *
     * @param maxPayload the largest payload accepted
     * @throws EOFException when the stream ends, even mid-frame
     * @throws ProtocolException for an unmasked frame, reserved bits or opcodes, a fragmented or oversized control
     *                           frame, or a payload above {@code maxPayload}
     */
    static Frame read(InputStream stream, int maxPayload) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        boolean fin = (first & 0x80) != 0;
        int opcode = first & 0x0F;
        checkHeader(first, second, opcode, fin);
        long length = payloadLength(in, second & 0x7F);
        if (length > maxPayload || (opcode >= CLOSE && length > MAX_CONTROL_PAYLOAD)) {
            throw new ProtocolException("frame payload of " + length + " bytes is too large");
        }
        byte[] mask = new byte[4];
        in.readFully(mask);
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i & 3];
        }
        return new Frame(fin, opcode, payload);
    }

    private static void checkHeader(int first, int second, int opcode, boolean fin) throws ProtocolException {
        if ((first & 0x70) != 0) {
            throw new ProtocolException("reserved bits set without a negotiated extension");
        }
        if ((second & 0x80) == 0) {
            throw new ProtocolException("client frames must be masked");
        }
        boolean known = opcode <= BINARY || (opcode >= CLOSE && opcode <= PONG);
        if (!known) {
            throw new ProtocolException("unknown opcode " + opcode);
        }
        if (opcode >= CLOSE && !fin) {
            throw new ProtocolException("control frames must not be fragmented");
        }
    }

    private static long payloadLength(DataInputStream in, int sevenBits) throws IOException {
        if (sevenBits < 126) {
            return sevenBits;
        }
        if (sevenBits == 126) {
            return in.readUnsignedShort();
        }
        long length = in.readLong();
        if (length < 0) {
            throw new ProtocolException("64-bit payload length with the top bit set");
        }
        return length;
    }
}
