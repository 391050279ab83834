package org.fediflow.connector.hosts;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** An output stream that keeps only the last bytes written to it, and counts them all. */
final class Tail extends OutputStream {

    private final byte[] ring;
    private long written;

    Tail(int capacity) {
        this.ring = new byte[capacity];
    }

    @Override
    public synchronized void write(int b) {
        ring[(int) (written++ % ring.length)] = (byte) b;
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        int skip = Math.max(0, len - ring.length);
        written += skip;
        for (int i = off + skip; i < off + len; i++) {
            ring[(int) (written++ % ring.length)] = b[i];
        }
    }

    synchronized long written() {
        return written;
    }

    /** The kept bytes as UTF-8 (a character cut at the start shows as a replacement character). */
    synchronized String text() {
        int size = (int) Math.min(written, ring.length);
        byte[] out = new byte[size];
        int start = (int) ((written - size) % ring.length);
        for (int i = 0; i < size; i++) {
            out[i] = ring[(start + i) % ring.length];
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
