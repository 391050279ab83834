package org.fediflow.connector.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
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

    /**
     * Starts an upload; write the content, then {@link ObjectUpload#finish()} (or {@link ObjectUpload#close()} to
     * abandon).
     */
    public ObjectUpload upload(String key, String contentType) {
        return new ObjectUpload(client(), properties.bucket(), key, contentType, (int) properties.partSize().toBytes(),
                partUploads, this::head);
    }

    /** A small object in one request. */
    public StoredObject put(String key, byte[] content, String contentType) {
        try (ObjectUpload upload = upload(key, contentType)) {
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
                    // Over plain HTTP (a bucket on the same network) the payload is signed: one SHA-256 of each part,
                    // not aws-chunked encoding, which copied every part into new 128 KiB chunks with a signature each
                    // (565 MB allocated for a 565 MB dump). Over HTTPS (B2) nothing changes: the payload is not signed.
                    .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
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
}
