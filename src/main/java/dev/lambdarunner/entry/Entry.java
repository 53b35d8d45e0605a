package dev.lambdarunner.entry;

/**
 * What the process is: the Lambda function, the CLI, or a native Lambda bootstrap started outside Lambda. Decided
 * once at start from {@code AWS_LAMBDA_RUNTIME_API}, which Lambda sets for every runtime process
 * (<a href="https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime">reserved
 * environment variables</a>).
 */
enum Entry {
    /** Serve invocations from the Lambda Runtime API until the process is stopped. */
    LAMBDA,
    /** Run the picocli command line with the process's arguments. */
    CLI,
    /**
     * The native executable outside Lambda: quarkus-amazon-lambda starts its Runtime-API poll loop in every native
     * start; with no runtime API to reach it stops the application, so a command could be cut off at any moment.
     * The CLI is the JVM jar instead.
     */
    NATIVE_OUTSIDE_LAMBDA;

    static final String RUNTIME_API = "AWS_LAMBDA_RUNTIME_API";

    static Entry of(String runtimeApi, boolean nativeImage) {
        if (runtimeApi != null && !runtimeApi.isBlank()) {
            return LAMBDA;
        }
        return nativeImage ? NATIVE_OUTSIDE_LAMBDA : CLI;
    }
}
