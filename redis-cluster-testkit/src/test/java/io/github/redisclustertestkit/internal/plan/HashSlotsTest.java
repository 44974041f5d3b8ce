package io.github.redisclustertestkit.internal.plan;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.util.JedisClusterCRC16;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class HashSlotsTest {

    @Test
    void theChecksumIsXmodemCrc16() {
        // The check value of CRC-16/XMODEM, and the Redis Cluster spec's own example.
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(HashSlots.crc16(check, 0, check.length)).isEqualTo(0x31C3);
    }

    @Test
    void slotsAgreeWithAClusterClientIncludingHashTags() {
        for (String key : new String[]{"", "a", "foo", "user:1000", "{user1000}.following", "{user1000}.followers",
                "foo{}{bar}", "foo{{bar}}zap", "foo{bar}{zap}", "{}", "}{", "é-ünïcode"}) {
            assertThat(HashSlots.slotOf(key)).as(key).isEqualTo(JedisClusterCRC16.getSlot(key));
        }
        for (int i = 0; i < 2000; i++) {
            assertThat(HashSlots.slotOf("key-" + i)).isEqualTo(JedisClusterCRC16.getSlot("key-" + i));
        }
        assertThat(HashSlots.slotOf("{user1000}.following")).isEqualTo(HashSlots.slotOf("{user1000}.followers"));
    }
}
