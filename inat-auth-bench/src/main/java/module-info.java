/**
 * JMH benchmarks for inat-auth (not published). Compiled as a module, like every other module, so
 * that it can use only what the other modules export; run.sh runs it on the class path, as JMH's
 * forked JVMs expect, where this descriptor is ignored and providers come from META-INF/services.
 */
// jmh.core is an automatic module (JMH's jar declares none); this module is never published
@SuppressWarnings("requires-automatic")
module io.github.inatauth.bench {
    requires io.github.inatauth;
    requires io.github.inatauth.testkit;
    requires org.bouncycastle.provider;
    requires jmh.core;
}
