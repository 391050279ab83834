package org.fediflow.connector.storage;

import java.net.URI;

import org.fediflow.shared.HttpUrls;
import org.fediflow.shared.InvalidConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The bucket backups go to.
 *
 * @param endpoint       e.g. {@code https://s3.eu-central-003.backblazeb2.com}; path-style addressing is used with it
 * @param region         signing region, e.g. {@code eu-central-003}
 * @param keyId          application key id; masked in {@link #toString()}
 * @param applicationKey application key; masked in {@link #toString()}
 * @param prefix         folder inside the bucket
 * @param partSize       multipart part size (B2: 5 MB to 5 GB); two parts are held in memory per upload (one filling, one being sent)
 */
@ConfigurationProperties("fediflow.storage")
public record StorageProperties(String endpoint, @DefaultValue("us-east-1") String region, String bucket, String keyId,
                                String applicationKey, @DefaultValue("backups") String prefix,
                                @DefaultValue("16MB") DataSize partSize) {

    public StorageProperties {
        HttpUrls.check("fediflow.storage.endpoint", endpoint);
        prefix = prefix == null ? "backups" : prefix.replaceAll("^/+|/+$", "");
        partSize = partSize == null ? DataSize.ofMegabytes(16) : partSize;
        if (partSize.toBytes() < 5 * 1024 * 1024) {
            throw new InvalidConfiguration("fediflow.storage.part-size", "at least 5MB (S3 and B2 refuse smaller parts)");
        }
    }

    /** Whether a bucket is configured at all. */
    public boolean configured() {
        return bucket != null && !bucket.isBlank();
    }

    URI endpointUri() {
        return endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint);
    }

    @Override
    public String toString() {
        return "StorageProperties[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket + ", keyId="
                + (keyId == null ? "null" : "********") + ", applicationKey="
                + (applicationKey == null ? "null" : "********") + ", prefix=" + prefix + ", partSize=" + partSize + "]";
    }
}
