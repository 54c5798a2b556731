package io.github.inatauth.internal;

/** Placeholder: being written now. */
public final class Engine {
}
