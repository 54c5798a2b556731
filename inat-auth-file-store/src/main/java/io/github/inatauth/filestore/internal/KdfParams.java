package io.github.inatauth.filestore.internal;

/**
 * Argon2id cost parameters, as stored in a file's header.
 *
 * @param memoryKiB memory in KiB
 * @param iterations passes over the memory
 * @param parallelism lanes
 */
record KdfParams(int memoryKiB, int iterations, int parallelism) {

    /** OWASP's minimum for Argon2id (m=19 MiB, t=2, p=1): what we write unless told to spend more. */
    static final KdfParams MINIMUM = new KdfParams(19 * 1024, 2, 1);

    /** Upper bounds a reader accepts, so a crafted header cannot make us allocate without limit. */
    static final int MAX_MEMORY_KIB = 1024 * 1024;
    static final int MAX_ITERATIONS = 64;
    static final int MAX_PARALLELISM = 64;

    /** The parameters key-file headers carry: none. */
    static final KdfParams NONE = new KdfParams(0, 0, 0);

    /** Whether a reader accepts these for Argon2id (Argon2 needs at least 8 KiB per lane). */
    boolean readable() {
        return parallelism >= 1 && parallelism <= MAX_PARALLELISM
                && iterations >= 1 && iterations <= MAX_ITERATIONS
                && memoryKiB >= 8 * parallelism && memoryKiB <= MAX_MEMORY_KIB;
    }

    // by hand: a record's own equals is bootstrapped with method handles on first use, which costs
    // each start of the command more than the comparison (docs/benchmarks.md)
    @Override
    public boolean equals(Object o) {
        return o instanceof KdfParams p && memoryKiB == p.memoryKiB && iterations == p.iterations
                && parallelism == p.parallelism;
    }

    @Override
    public int hashCode() {
        return (memoryKiB * 31 + iterations) * 31 + parallelism;
    }

    @Override
    public String toString() {
        return "m=" + memoryKiB + " KiB, t=" + iterations + ", p=" + parallelism;
    }
}
