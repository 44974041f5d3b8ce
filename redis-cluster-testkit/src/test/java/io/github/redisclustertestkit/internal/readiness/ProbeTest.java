package io.github.redisclustertestkit.internal.readiness;

import io.github.redisclustertestkit.internal.probe.RespErrorException;
import io.github.redisclustertestkit.internal.probe.RespProtocolException;
import org.junit.jupiter.api.Test;

import java.net.SocketTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

class ProbeTest {

    @Test
    void seenTellsAnErrorReplyBadBytesAndSilenceApart() {
        assertThat(Probe.seen(new RespErrorException("LOADING Redis is loading the dataset in memory")))
                .isEqualTo("answered -LOADING Redis is loading the dataset in memory");
        assertThat(Probe.seen(new RespProtocolException("expected a RESP type byte, got 'H'")))
                .isEqualTo("an answer that is not RESP: expected a RESP type byte, got 'H'");
        assertThat(Probe.seen(new SocketTimeoutException("Read timed out"))).isEqualTo("no answer: Read timed out");
    }
}
