package org.fediflow.connector.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The backup bucket. Uploads are streams of unknown length: bytes are cut into parts of
 * {@code fediflow.storage.part-size}, and a full part goes to the bucket on a thread of its own while the next one
 * fills (two parts in memory per upload, so the producer, e.g. {@code pg_dump}, does not wait for the network), the SHA-256 of the whole is computed on the way and
 * stored as the object's metadata {@code sha256}, and after completion the object's size and metadata are read
 * back and compared. Checksums are sent only where S3 requires them, as B2 refuses the SDK's default
 * flexible-checksum headers.
 */
@Component
public class ObjectStorage implements DisposableBean {

    static final String SHA256 = "sha256";
    private static final long MAX_COPY = 5L * 1024 * 1024 * 1024;

    private final StorageProperties properties;
    private final ExecutorService partUploads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "storage-part-upload");
        thread.setDaemon(true);
        return thread;
    });
    private S3Client s3;

    public ObjectStorage(StorageProperties properties) {
        this.properties = properties;
    }

    public boolean configured() {
        return properties.configured();
    }

    /** The configured folder (no slashes at either end). */
    public String prefix() {
        return properties.prefix();
    }

    /** Starts an upload; write the content, then {@link Upload#finish()} (or {@link Upload#close()} to abandon). */
    public Upload upload(String key, String contentType) {
        return new Upload(client(), key, contentType, (int) properties.partSize().toBytes());
    }

    /** A small object in one request. */
    public StoredObject put(String key, byte[] content, String contentType) {
        try (Upload upload = upload(key, contentType)) {
            upload.write(content);
            return upload.finish();
        } catch (IOException e) {
            throw new StorageUnavailable("upload of " + key + " failed: " + e.getMessage(), e);
        }
    }

    /** All objects under {@code prefix} (a key prefix, not necessarily a folder). */
    public List<StoredObject> list(String prefix) {
        try {
            List<StoredObject> objects = new ArrayList<>();
            for (S3Object o : client().listObjectsV2Paginator(r -> r.bucket(properties.bucket()).prefix(prefix)).contents()) {
                objects.add(new StoredObject(o.key(), o.size(), null, o.lastModified()));
            }
            return objects;
        } catch (SdkException e) {
            throw unavailable("listing " + prefix, e);
        }
    }

    public StoredObject head(String key) {
        try {
            HeadObjectResponse head = client().headObject(r -> r.bucket(properties.bucket()).key(key));
            return new StoredObject(key, head.contentLength(), head.metadata().get(SHA256), head.lastModified());
        } catch (SdkException e) {
            throw unavailable("reading " + key, e);
        }
    }

    /** Streams an object; close the stream. */
    public InputStream get(String key) {
        try {
            ResponseInputStream<GetObjectResponse> in = client().getObject(r -> r.bucket(properties.bucket()).key(key));
            return in;
        } catch (SdkException e) {
            throw unavailable("reading " + key, e);
        }
    }

    public void delete(List<String> keys) {
        try {
            for (int i = 0; i < keys.size(); i += 1000) {
                List<String> batch = keys.subList(i, Math.min(keys.size(), i + 1000));
                client().deleteObjects(r -> r.bucket(properties.bucket()).delete(d -> d.quiet(true)
                        .objects(batch.stream().map(k -> software.amazon.awssdk.services.s3.model.ObjectIdentifier.builder()
                                .key(k).build()).toList())));
            }
        } catch (SdkException e) {
            throw unavailable("deleting " + keys.size() + " objects", e);
        }
    }

    private static StorageUnavailable unavailable(String what, SdkException e) {
        return new StorageUnavailable(what + " in the bucket failed: " + e.getMessage(), e);
    }

    private synchronized S3Client client() {
        if (!properties.configured()) {
            throw new IllegalStateException("no bucket configured (fediflow.storage.bucket)");
        }
        if (s3 == null) {
            var builder = S3Client.builder()
                    .httpClient(UrlConnectionHttpClient.builder().build())
                    .region(Region.of(properties.region()))
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(properties.keyId(), properties.applicationKey())));
            if (properties.endpointUri() != null) {
                builder.endpointOverride(properties.endpointUri()).forcePathStyle(true);
            }
            s3 = builder.build();
        }
        return s3;
    }

    @Override
    public synchronized void destroy() {
        partUploads.shutdownNow();
        if (s3 != null) {
            s3.close();
        }
    }

    /**
     * One streaming upload: parts of a fixed size, SHA-256 of the whole, verified on {@link #finish()}. At most one
     * part is in flight while the next fills; a failed part surfaces on the next write or on finish.
     */
    public final class Upload extends OutputStream {
        private final S3Client client;
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

        private Upload(S3Client client, String key, String contentType, int partSize) {
            this.client = client;
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
                    uploadId = client.createMultipartUpload(r -> r.bucket(properties.bucket()).key(key)
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
                    .eTag(client.uploadPart(r -> r.bucket(properties.bucket()).key(key).uploadId(id).partNumber(number)
                            .contentLength((long) length), RequestBody.fromInputStream(
                            new java.io.ByteArrayInputStream(buffer, 0, length), length)).eTag()).build());
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
            Map<String, String> metadata = Map.of(SHA256, hex);
            try {
                if (uploadId == null) {
                    client.putObject(r -> r.bucket(properties.bucket()).key(key).contentType(contentType)
                            .metadata(metadata), RequestBody.fromInputStream(new java.io.ByteArrayInputStream(part, 0, filled), filled));
                } else {
                    if (filled > 0) {
                        sendPart();
                    }
                    awaitPartInFlight();
                    client.completeMultipartUpload(r -> r.bucket(properties.bucket()).key(key).uploadId(uploadId)
                            .multipartUpload(m -> m.parts(parts)));
                    if (size <= MAX_COPY) {
                        // The hash is known only now: set it as metadata by copying the object onto itself.
                        client.copyObject(r -> r.sourceBucket(properties.bucket()).sourceKey(key)
                                .destinationBucket(properties.bucket()).destinationKey(key).contentType(contentType)
                                .metadataDirective(MetadataDirective.REPLACE).metadata(metadata));
                    }
                }
                done = true;
            } catch (SdkException e) {
                throw new IOException("completing the upload of " + key + " failed: " + e.getMessage(), e);
            }
            StoredObject stored = head(key);
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
                    client.abortMultipartUpload(r -> r.bucket(properties.bucket()).key(key).uploadId(uploadId));
                } catch (SdkException e) {
                    // an unfinished upload left behind is cancelled by the bucket's lifecycle rule
                }
            }
            done = true;
        }
    }
}
