/**
 * {@link io.github.inatauth.keyring.Keyring}: reads, saves and deletes the credentials that
 * pyinaturalist keeps in the OS keyring. The {@code keyring} source and store of this module are
 * found with ServiceLoader and need no code.
 */
package io.github.inatauth.keyring;
