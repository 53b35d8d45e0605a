package dev.lambdarunner.sources;

import org.eclipse.jgit.lib.TextProgressMonitor;

import java.io.Writer;
import java.util.function.BooleanSupplier;

/** JGit progress to the job log; also how a canceled or timed-out job stops a transfer. */
final class CancellableMonitor extends TextProgressMonitor {
    private final BooleanSupplier cancelled;

    CancellableMonitor(Writer out, BooleanSupplier cancelled) {
        super(out);
        this.cancelled = cancelled;
    }

    @Override
    public boolean isCancelled() {
        return cancelled.getAsBoolean();
    }
}
