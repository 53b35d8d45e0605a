package dev.lambdarunner.artifacts;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipMethod;

import java.util.EnumSet;
import java.util.Set;

/**
 * The compression methods whose decoders this build leaves out. commons-compress reads Zstandard zip entries only
 * through zstd-jni, an optional JNI library that is not on the classpath: without this check the JVM fails such an
 * entry with a {@link NoClassDefFoundError}, and the native executable, where that path is substituted away
 * ({@link OptionalCodecSubstitutions}), with commons-compress's generic message. GitLab's runners write stored and
 * deflated entries only.
 */
final class EntryMethod {

    private static final Set<ZipMethod> NOT_SHIPPED = EnumSet.of(ZipMethod.ZSTD, ZipMethod.ZSTD_DEPRECATED);

    private EntryMethod() {
    }

    /** Refuses an entry compressed with a method whose decoder is not in this build, before any of it is read. */
    static void requireReadable(ZipArchiveEntry entry) throws UnsafeArchiveException {
        ZipMethod method = ZipMethod.getMethodByCode(entry.getMethod());
        if (method != null && NOT_SHIPPED.contains(method)) {
            throw new UnsafeArchiveException(entry.getName(), "compression method " + method + " ("
                    + entry.getMethod() + ") is not supported by this runner");
        }
    }
}
