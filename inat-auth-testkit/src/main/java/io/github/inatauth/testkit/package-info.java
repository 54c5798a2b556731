/**
 * {@link io.github.inatauth.testkit.InatTestServer}: a local stand-in for iNaturalist's auth endpoints
 * for tests, and {@link io.github.inatauth.testkit.InatTestServerExtension} to run it from JUnit 5.
 */
package io.github.inatauth.testkit;
