/**
 * iNaturalist access tokens: {@link io.github.inatauth.InatAuth} gets, caches and refreshes them,
 * {@link io.github.inatauth.AuthorizedRequests} puts them into your own {@code java.net.http}
 * requests, and every failure is one of the sealed subtypes of
 * {@link io.github.inatauth.InatAuthException}.
 */
package io.github.inatauth;
