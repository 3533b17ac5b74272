package dev.switchboard.platform.config;

import java.nio.file.Path;

/**
 * Where uploaded files live and how large one may be ({@code SWITCHBOARD_ATTACHMENTS_*}).
 *
 * @param dir      the directory that holds every organization's files (default: {@code attachments} under the data
 *                 directory); file names inside it are always made by the server
 * @param maxBytes the largest file one upload may carry; a larger one is refused with 413 while it streams
 * @param s3       the object store files are kept in instead of {@code dir}; null keeps them on local disk ({@code dir}
 *                 then still holds uploads while they stream in)
 */
public record AttachmentsConfig(Path dir, long maxBytes, S3Config s3) {

    public AttachmentsConfig {
        if (maxBytes < 1) {
            throw new ConfigException("invalid configuration: attachments.maxBytes (SWITCHBOARD_ATTACHMENTS_MAX_BYTES) must be positive");
        }
    }

    /** Reads the {@code attachments.*} settings; the directory defaults to {@code attachments} in {@code dataDir}. */
    static AttachmentsConfig load(Settings s, Path dataDir) {
        String dir = s.string("attachments.dir", null);
        return new AttachmentsConfig(dir == null ? dataDir.resolve("attachments") : Path.of(dir),
                s.bytes("attachments.maxBytes", 25L * 1024 * 1024), S3Config.load(s));
    }
}
