package dev.lambdarunner.sandbox;

import org.graalvm.nativeimage.c.function.CFunction;
import org.graalvm.word.PointerBase;
import org.graalvm.word.WordFactory;

import java.util.Optional;

/**
 * {@link ProcessControl} of the native executable: libc through GraalVM's C interface, reached only through
 * {@code Target_ThisProcess}. Never loaded in the JVM (org.graalvm.sdk:nativeimage is a provided dependency).
 */
final class NativeProcessControl implements ProcessControl {

    private static final int PR_SET_DUMPABLE = 4;
    private static final int PR_SET_CHILD_SUBREAPER = 36;
    private static final int WNOHANG = 1;

    /** libc's prctl is variadic; on the Linux ABIs native-image targets, integer arguments pass as fixed ones. */
    @CFunction("prctl")
    private static native int prctl(int option, long arg2, long arg3, long arg4, long arg5);

    @CFunction("waitpid")
    private static native int waitpid(int pid, PointerBase status, int options);

    @Override
    public boolean makeNonDumpable() {
        return prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0;
    }

    @Override
    public boolean becomeSubreaper() {
        return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0;
    }

    @Override
    public boolean reap(long pid) {
        return waitpid((int) pid, WordFactory.nullPointer(), WNOHANG) > 0;
    }

    /** A native executable has no attach mechanism (it is not built with --enable-monitoring=attach): nothing to close. */
    @Override
    public Optional<String> closeAttach() {
        return Optional.empty();
    }
}
