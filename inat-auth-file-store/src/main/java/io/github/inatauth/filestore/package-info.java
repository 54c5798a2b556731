/**
 * {@link io.github.inatauth.filestore.FileStore}: saves and deletes credentials in the encrypted
 * file. The {@code file} source and store of this module are found with ServiceLoader and need no
 * code.
 */
package io.github.inatauth.filestore;
