package dev.lambdarunner.pipeline;

/** A pipeline file (or a local file it includes) that cannot be read, is not valid YAML, or is not a pipeline. */
public final class PipelineException extends RuntimeException {

    public PipelineException(String message, Throwable cause) {
        super(message, cause);
    }

    public PipelineException(String message) {
        super(message);
    }
}
