package org.fediflow.connector.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

class TailTest {

    @Test
    void keepsExactlyTheLastBytesWhateverTheSizesOfTheWritesAndWhereTheyCrossTheRingsEnd() {
        Random random = new Random(18);
        Tail tail = new Tail(64);
        ByteArrayOutputStream everything = new ByteArrayOutputStream();
        for (int i = 0; i < 2_000; i++) {
            byte[] chunk = new byte[random.nextInt(10) + random.nextInt(200)];
            for (int j = 0; j < chunk.length; j++) {
                chunk[j] = (byte) ('a' + random.nextInt(26));
            }
            int off = chunk.length == 0 ? 0 : random.nextInt(chunk.length);
            int len = random.nextInt(chunk.length - off + 1);
            if (random.nextInt(10) == 0 && len > 0) {
                tail.write(chunk[off]);
                everything.write(chunk[off]);
            } else {
                tail.write(chunk, off, len);
                everything.write(chunk, off, len);
            }

            byte[] all = everything.toByteArray();
            assertThat(tail.written()).isEqualTo(all.length);
            assertThat(tail.text()).as("after write %d", i)
                    .isEqualTo(new String(Arrays.copyOfRange(all, Math.max(0, all.length - 64), all.length), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void keepsEverythingWhileLessThanItsSizeHasBeenWritten() {
        Tail tail = new Tail(16);
        tail.write("broken".getBytes(StandardCharsets.UTF_8), 0, 6);

        assertThat(tail.text()).isEqualTo("broken");
        assertThat(tail.written()).isEqualTo(6);
    }
}
