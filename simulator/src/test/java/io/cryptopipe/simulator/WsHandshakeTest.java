package io.cryptopipe.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Reading the upgrade request and writing the answers of RFC 6455 section 4. */
class WsHandshakeTest {
    static final String UPGRADE = "GET /v3/prices?assets=bitcoin,ethereum&apiKey=k HTTP/1.1\r\nHost: x\r\n"
            + "Upgrade: WebSocket\r\nConnection: keep-alive, Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Sec-WebSocket-Version: 13\r\n\r\n";

    @Test
    void readsTheHeadAndLeavesWhatFollowsInTheStream() throws Exception {
        InputStream in = stream(UPGRADE + "NEXT");
        WsHandshake.Request request = WsHandshake.read(in);
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.path()).isEqualTo("/v3/prices");
        assertThat(request.rawQuery()).isEqualTo("assets=bitcoin,ethereum&apiKey=k");
        assertThat(request.header("sec-websocket-key")).isEqualTo("dGhlIHNhbXBsZSBub25jZQ==");
        assertThat(request.isUpgrade()).isTrue();
        assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("NEXT");
    }

    @Test
    void aPlainGetIsNotAnUpgrade() throws Exception {
        assertThat(WsHandshake.read(stream("GET /prices?assets=bitcoin HTTP/1.1\r\nHost: x\r\n\r\n")).isUpgrade())
                .isFalse();
        assertThat(WsHandshake.read(stream(UPGRADE.replace("GET", "POST"))).isUpgrade()).isFalse();
        assertThat(WsHandshake.read(stream(UPGRADE.replace("Sec-WebSocket-Key", "X-Key"))).isUpgrade()).isFalse();
    }

    @Test
    void refusesGarbageOversizedAndCutHeads() {
        assertThatThrownBy(() -> WsHandshake.read(stream("hello\r\n\r\n"))).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> WsHandshake.read(stream("GET / HTTP/1.1\r\nX: " + "a".repeat(20_000) + "\r\n\r\n")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("exceeds");
        assertThatThrownBy(() -> WsHandshake.read(stream("GET / HTTP/1.1\r\nHost: x\r\n")))
                .isInstanceOf(EOFException.class);
    }

    @Test
    void answersSwitchingProtocolsWithTheAcceptKey() {
        assertThat(new String(WsHandshake.switching("dGhlIHNhbXBsZSBub25jZQ=="), StandardCharsets.US_ASCII))
                .startsWith("HTTP/1.1 101 Switching Protocols\r\n")
                .contains("Upgrade: websocket\r\n", "Connection: Upgrade\r\n",
                        "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n")
                .endsWith("\r\n\r\n");
    }

    @Test
    void refusalIsAClosingHttpAnswerWithItsLength() {
        String answer = new String(WsHandshake.refusal(400, "Bad Request", "expected an upgrade", null),
                StandardCharsets.UTF_8);
        assertThat(answer).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("Content-Length: 20\r\n",
                "Connection: close\r\n").endsWith("\r\n\r\nexpected an upgrade\n");
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
