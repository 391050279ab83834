package org.fediflow.connector.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.MetadataDirective;

/**
 * One streaming upload: parts of a fixed size, SHA-256 of the whole, verified on {@link #finish()}. At most one
 * part is in flight while the next fills; a failed part surfaces on the next write or on finish.
 */
public final class ObjectUpload extends OutputStream {

    /** Above this size S3 cannot copy an object onto itself, so its hash is not stored as metadata. */
    private static final long MAX_COPY = 5L * 1024 * 1024 * 1024;

    private final S3Client client;
    private final String bucket;
    private final ExecutorService partUploads;
    private final Function<String, StoredObject> head;
    private final String key;
    private final String contentType;
    private final byte[][] buffers = new byte[2][];
    private byte[] part;
    private Future<CompletedPart> inFlight;
    private final MessageDigest sha256;
    private final List<CompletedPart> parts = new ArrayList<>();
    private int filled;
    private long size;
    private String uploadId;
    private boolean done;

    ObjectUpload(S3Client client, String bucket, String key, String contentType, int partSize,
                 ExecutorService partUploads, Function<String, StoredObject> head) {
        this.client = client;
        this.bucket = bucket;
        this.partUploads = partUploads;
        this.head = head;
        this.key = key;
        this.contentType = contentType;
        this.buffers[0] = new byte[partSize];
        this.part = buffers[0];
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        sha256.update(b, off, len);
        size += len;
        while (len > 0) {
            int n = Math.min(len, part.length - filled);
            System.arraycopy(b, off, part, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == part.length) {
                sendPart();
            }
        }
    }

    /** Hands the full part to an upload thread, after the one before it is stored, and fills the other buffer. */
    private void sendPart() throws IOException {
        awaitPartInFlight();
        try {
            if (uploadId == null) {
                uploadId = client.createMultipartUpload(r -> r.bucket(bucket).key(key)
                        .contentType(contentType)).uploadId();
            }
        } catch (SdkException e) {
            throw new IOException("upload of " + key + " could not start: " + e.getMessage(), e);
        }
        int number = parts.size() + 1;
        byte[] buffer = part;
        int length = filled;
        String id = uploadId;
        inFlight = partUploads.submit(() -> CompletedPart.builder().partNumber(number)
                .eTag(client.uploadPart(r -> r.bucket(bucket).key(key).uploadId(id).partNumber(number)
                        .contentLength((long) length), RequestBody.fromInputStream(
                        new ByteArrayInputStream(buffer, 0, length), length)).eTag()).build());
        // The other buffer is free: the part that used it is stored.
        int other = buffer == buffers[0] ? 1 : 0;
        if (buffers[other] == null) {
            buffers[other] = new byte[buffer.length];
        }
        part = buffers[other];
        filled = 0;
    }

    private void awaitPartInFlight() throws IOException {
        if (inFlight == null) {
            return;
        }
        try {
            parts.add(inFlight.get());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new IOException("upload of " + key + " part " + (parts.size() + 1) + " failed: " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("upload of " + key + " interrupted", e);
        } finally {
            inFlight = null;
        }
    }

    /** Completes the upload and checks what the bucket holds. */
    public StoredObject finish() throws IOException {
        String hex = HexFormat.of().formatHex(sha256.digest());
        Map<String, String> metadata = Map.of(ObjectStorage.SHA256, hex);
        try {
            if (uploadId == null) {
                client.putObject(r -> r.bucket(bucket).key(key).contentType(contentType)
                        .metadata(metadata), RequestBody.fromInputStream(new ByteArrayInputStream(part, 0, filled), filled));
            } else {
                if (filled > 0) {
                    sendPart();
                }
                awaitPartInFlight();
                client.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId)
                        .multipartUpload(m -> m.parts(parts)));
                if (size <= MAX_COPY) {
                    // The hash is known only now: set it as metadata by copying the object onto itself.
                    client.copyObject(r -> r.sourceBucket(bucket).sourceKey(key)
                            .destinationBucket(bucket).destinationKey(key).contentType(contentType)
                            .metadataDirective(MetadataDirective.REPLACE).metadata(metadata));
                }
            }
            done = true;
        } catch (SdkException e) {
            throw new IOException("completing the upload of " + key + " failed: " + e.getMessage(), e);
        }
        StoredObject stored = head.apply(key);
        if (stored.size() != size || (size <= MAX_COPY && !hex.equals(stored.sha256()))) {
            throw new IOException("the bucket holds " + stored.size() + " bytes with sha256 " + stored.sha256()
                    + " for " + key + ", but " + size + " bytes with sha256 " + hex + " were sent");
        }
        return new StoredObject(key, size, hex, stored.lastModified());
    }

    /** Abandons an unfinished upload (its parts are removed); does nothing after {@link #finish()}. */
    @Override
    public void close() {
        if (inFlight != null) {
            inFlight.cancel(true);
            inFlight = null;
        }
        if (!done && uploadId != null) {
            try {
                client.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
            } catch (SdkException e) {
                // an unfinished upload left behind is cancelled by the bucket's lifecycle rule
            }
        }
        done = true;
    }
}
