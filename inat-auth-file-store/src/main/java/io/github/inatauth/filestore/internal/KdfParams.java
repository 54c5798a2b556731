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

    /*
     * Bounds for reading and for writing alike. A header's parameters are used before anything in the
     * file is authenticated, so they are what a crafted file can make us spend: at most 256 MiB, and
     * 256 MiB-passes of work (about 7 times the minimum's 38 MiB-passes; m = 1 GiB, t = 64 would be
     * 64 GiB-passes, minutes of work). Every OWASP configuration and RFC 9106's 64 MiB, t = 3 fit.
     */
    static final int MAX_MEMORY_KIB = 256 * 1024;
    static final int MAX_ITERATIONS = 64;
    static final int MAX_PARALLELISM = 64;
    /** memory (KiB) x iterations. */
    static final long MAX_WORK_KIB = 256 * 1024;

    /** The parameters key-file headers carry: none. */
    static final KdfParams NONE = new KdfParams(0, 0, 0);

    /** Whether these are within the bounds above (Argon2 also needs at least 8 KiB per lane). */
    boolean readable() {
        return parallelism >= 1 && parallelism <= MAX_PARALLELISM
                && iterations >= 1 && iterations <= MAX_ITERATIONS
                && memoryKiB >= 8 * parallelism && memoryKiB <= MAX_MEMORY_KIB
                && (long) memoryKiB * iterations <= MAX_WORK_KIB;
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
