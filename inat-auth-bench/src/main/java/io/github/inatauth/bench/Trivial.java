package io.github.inatauth.bench;

/** The start-up baseline: a main that prints one line, run by the same image as {@code inat-auth token}. */
public final class Trivial {
    private Trivial() {
    }

    public static void main(String[] args) {
        System.out.println("ok");
    }
}
