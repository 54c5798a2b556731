package io.github.inatauth.filestore.internal;

/** How the file key is made: from the passphrase with Argon2id, or read from the key file. */
enum Kdf {
    ARGON2ID(1, "a passphrase (INAT_AUTH_PASSPHRASE)"),
    KEY_FILE(2, "a key file (INAT_AUTH_KEY_FILE)");

    final int code;
    final String description;

    Kdf(int code, String description) {
        this.code = code;
        this.description = description;
    }

    static Kdf ofCode(int code) {
        for (Kdf k : values()) {
            if (k.code == code) {
                return k;
            }
        }
        return null;
    }
}
