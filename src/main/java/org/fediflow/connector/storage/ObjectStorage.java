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
 * {@code fediflow.storage.part-size} (one part in memory), the SHA-256 of the whole is computed on the way and
 * stored as the object's metadata {@code sha256}, and after completion the object's size and metadata are read
 * back and compared. Checksums are sent only where S3 requires them, as B2 refuses the SDK's default
 * flexible-checksum headers.
 */
@Component
public class ObjectStorage implements DisposableBean {

    static final String SHA256 = "sha256";
    private static final long MAX_COPY = 5L * 1024 * 1024 * 1024;

    private final StorageProperties properties;
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
        if (s3 != null) {
            s3.close();
        }
    }

    /** One streaming upload: parts of a fixed size, SHA-256 of the whole, verified on {@link #finish()}. */
    public final class Upload extends OutputStream {
        private final S3Client client;
        private final String key;
        private final String contentType;
        private final byte[] part;
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
            this.part = new byte[partSize];
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

        private void sendPart() throws IOException {
            try {
                if (uploadId == null) {
                    uploadId = client.createMultipartUpload(r -> r.bucket(properties.bucket()).key(key)
                            .contentType(contentType)).uploadId();
                }
                int number = parts.size() + 1;
                String etag = client.uploadPart(r -> r.bucket(properties.bucket()).key(key).uploadId(uploadId)
                        .partNumber(number).contentLength((long) filled),
                        RequestBody.fromInputStream(new java.io.ByteArrayInputStream(part, 0, filled), filled)).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                filled = 0;
            } catch (SdkException e) {
                throw new IOException("upload of " + key + " part " + (parts.size() + 1) + " failed: " + e.getMessage(), e);
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
