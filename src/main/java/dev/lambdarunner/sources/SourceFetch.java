package dev.lambdarunner.sources;

import java.io.Writer;
import java.util.function.BooleanSupplier;

/**
 * Puts a job's sources into its project directory. {@link SourceFetcher} does it with JGit; tests of the job engine
 * stand in for it.
 */
public interface SourceFetch {

    /**
     * @param log       where progress goes (the job log)
     * @param cancelled polled during the transfer; true stops it (job canceled or out of time)
     */
    void fetch(SourceRequest request, Writer log, BooleanSupplier cancelled) throws SourceException;
}
