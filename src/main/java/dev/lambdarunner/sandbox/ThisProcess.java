package dev.lambdarunner.sandbox;

/**
 * The {@link ProcessControl} of this build. The native executable substitutes {@link #load()}
 * ({@code Target_ThisProcess}), so that JNA is not reachable there.
 */
final class ThisProcess {

    private static ProcessControl control;

    private ThisProcess() {
    }

    static synchronized ProcessControl control() {
        if (control == null) {
            control = load();
        }
        return control;
    }

    private static ProcessControl load() {
        return new JnaProcessControl();
    }
}
