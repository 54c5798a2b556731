package io.github.inatauth.filestore.internal;

/** What a file holds; its code is in the header, so one file cannot be passed off as the other. */
enum Content {
    CREDENTIALS(1, "credentials.enc"),
    TOKENS(2, "tokens.enc");

    final int code;
    final String fileName;

    Content(int code, String fileName) {
        this.code = code;
        this.fileName = fileName;
    }

    static Content ofCode(int code) {
        for (Content c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return null;
    }

    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
