package dev.lambdarunner.sandbox;

import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;

/** In the native executable, {@link ThisProcess} uses GraalVM's C interface instead of JNA. */
@TargetClass(ThisProcess.class)
final class Target_ThisProcess {

    @Substitute
    private static ProcessControl load() {
        return new NativeProcessControl();
    }
}
