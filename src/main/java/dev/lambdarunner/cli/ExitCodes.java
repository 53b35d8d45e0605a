package dev.lambdarunner.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExitCodeExceptionMapper;

/**
 * The CLI's exit codes, for scripts: 0 done; 1 the runner cannot work (GitLab rejected the token);
 * 2 bad usage (picocli's own); 3 bad configuration (URL, Terraform binary, work directory).
 */
final class ExitCodes implements IExitCodeExceptionMapper {

    static final int OK = 0;
    static final int RUNNER_ERROR = 1;
    static final int USAGE = CommandLine.ExitCode.USAGE;
    static final int CONFIG_ERROR = 3;

    @Override
    public int getExitCode(Throwable exception) {
        if (exception instanceof CommandLine.ParameterException) {
            return USAGE;
        }
        if (exception instanceof IllegalArgumentException || exception instanceof java.io.UncheckedIOException) {
            return CONFIG_ERROR;
        }
        return RUNNER_ERROR;
    }
}
