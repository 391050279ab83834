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

    /** Copies at most the ring's size (the end of {@code b}), in up to two pieces around the ring's end. */
    @Override
    public synchronized void write(byte[] b, int off, int len) {
        int skip = Math.max(0, len - ring.length);
        written += skip;
        off += skip;
        len -= skip;
        int at = (int) (written % ring.length);
        int first = Math.min(len, ring.length - at);
        System.arraycopy(b, off, ring, at, first);
        System.arraycopy(b, off + first, ring, 0, len - first);
        written += len;
    }

    synchronized long written() {
        return written;
    }

    /** The kept bytes as UTF-8 (a character cut at the start shows as a replacement character). */
    synchronized String text() {
        int size = (int) Math.min(written, ring.length);
        byte[] out = new byte[size];
        int start = (int) ((written - size) % ring.length);
        int first = Math.min(size, ring.length - start);
        System.arraycopy(ring, start, out, 0, first);
        System.arraycopy(ring, 0, out, first, size - first);
        return new String(out, StandardCharsets.UTF_8);
    }
}
