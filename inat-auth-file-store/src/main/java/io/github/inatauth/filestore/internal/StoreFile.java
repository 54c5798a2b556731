package io.github.inatauth.filestore.internal;

import java.nio.file.Path;

/** One encrypted file of the store, and what to tell the user when it cannot be read. */
record StoreFile(Path path, Content content) {

    /** What a user can do about a damaged or unreadable file. */
    String remedy() {
        return content == Content.TOKENS
                ? "The tokens in it are only a cache: delete it, and new tokens will be fetched."
                : "Restore it from a backup, or delete it and save the credentials again (inat-auth login --store file).";
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
