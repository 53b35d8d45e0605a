package dev.lambdarunner.sandbox;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.management.HotSpotDiagnosticMXBean;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link ProcessControl} of the JVM build: libc through JNA. Never reached in the native executable. */
final class JnaProcessControl implements ProcessControl {

    /** Set on the re-executed command line: a JVM that still has attach on after it does not re-execute again. */
    static final String REEXEC_MARKER = "lambdarunner.attach-reexec";
    private static final String DISABLE_ATTACH = "-XX:+DisableAttachMechanism";
    private static final int PR_SET_DUMPABLE = 4;
    private static final int PR_SET_CHILD_SUBREAPER = 36;
    private static final int WNOHANG = 1;
    private static final int SIG_SETMASK = 2;
    private static final int SIGSET_BYTES = 128;

    /** The few libc functions used; prctl is variadic, its unused arguments are passed as 0. */
    interface LibC extends Library {
        int prctl(int option, long arg2, long arg3, long arg4, long arg5);

        int waitpid(int pid, Pointer status, int options);

        int pthread_sigmask(int how, Pointer set, Pointer oldset);

        int execv(String path, String[] argv);
    }

    private LibC libc;

    @Override
    public boolean makeNonDumpable() {
        return prctl(PR_SET_DUMPABLE, 0);
    }

    @Override
    public boolean becomeSubreaper() {
        return prctl(PR_SET_CHILD_SUBREAPER, 1);
    }

    @Override
    public boolean reap(long pid) {
        try {
            return libc().waitpid((int) pid, null, WNOHANG) > 0;
        } catch (LinkageError e) {
            return false;
        }
    }

    @Override
    public Optional<String> closeAttach() {
        if (attachDisabled()) {
            return Optional.empty();
        }
        if (Boolean.getBoolean(REEXEC_MARKER)) {
            return Optional.of("the JVM's attach mechanism is on (start java with " + DISABLE_ATTACH + ")");
        }
        try {
            List<String> argv = commandLine();
            argv.add(1, DISABLE_ATTACH);
            argv.add(2, "-D" + REEXEC_MARKER + "=true");
            // A blocked signal stays blocked across exec; the JVM's threads block SIGQUIT, among others.
            Memory empty = new Memory(SIGSET_BYTES);
            empty.clear();
            libc().pthread_sigmask(SIG_SETMASK, empty, null);
            libc().execv("/proc/self/exe", argv.toArray(String[]::new));
            return Optional.of("re-executing the JVM with " + DISABLE_ATTACH + " failed: errno " + Native.getLastError());
        } catch (IOException | RuntimeException | LinkageError e) {
            return Optional.of("re-executing the JVM with " + DISABLE_ATTACH + " failed: " + e.getMessage());
        }
    }

    private static boolean attachDisabled() {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        return Boolean.parseBoolean(vm.getVMOption("DisableAttachMechanism").getValue());
    }

    /** argv exactly as this process was started: {@code /proc/self/cmdline}, NUL-separated. */
    private static List<String> commandLine() throws IOException {
        String raw = new String(Files.readAllBytes(Path.of("/proc/self/cmdline")), StandardCharsets.UTF_8);
        List<String> argv = new ArrayList<>(List.of(raw.split("\0", -1)));
        if (!argv.isEmpty() && argv.get(argv.size() - 1).isEmpty()) {
            argv.remove(argv.size() - 1);
        }
        if (argv.isEmpty()) {
            throw new IOException("/proc/self/cmdline is empty");
        }
        return argv;
    }

    private boolean prctl(int option, long value) {
        try {
            return libc().prctl(option, value, 0, 0, 0) == 0;
        } catch (LinkageError e) {
            return false;
        }
    }

    private synchronized LibC libc() {
        if (libc == null) {
            libc = Native.load("c", LibC.class);
        }
        return libc;
    }
}
