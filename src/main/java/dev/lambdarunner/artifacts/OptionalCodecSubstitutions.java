package dev.lambdarunner.artifacts;

import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;
import org.apache.commons.compress.archivers.zip.UnsupportedZipFeatureException;
import org.apache.commons.compress.archivers.zip.ZipFile;

import java.io.InputStream;

/**
 * Native image only (GraalVM reads these at build time; the JVM never loads them). commons-compress's
 * {@code ZipFile.getInputStream} can open Zstandard entries through zstd-jni, an optional JNI dependency this build
 * does not ship. Quarkus links native images at build time, so that path fails the build ("Discovered unresolved
 * method during parsing"): it is replaced here by code that throws commons-compress's own exception for an
 * unsupported feature. {@link EntryMethod} refuses such entries before they are read, in the JVM and the native
 * executable alike, so this body only stands in for the build. (XZ, the other optional decoder, is shipped: the
 * pure-Java org.tukaani:xz is a dependency.)
 */
final class OptionalCodecSubstitutions {

    private OptionalCodecSubstitutions() {
    }

    /** The Zstandard path is a method of its own: replacing it keeps {@code ZstdCompressorInputStream} unreachable. */
    @TargetClass(ZipFile.class)
    static final class Target_ZipFile {

        @Substitute
        InputStream createZstdInputStream(InputStream in) throws UnsupportedZipFeatureException {
            throw new UnsupportedZipFeatureException(UnsupportedZipFeatureException.Feature.METHOD);
        }
    }
}
