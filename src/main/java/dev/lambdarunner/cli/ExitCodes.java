package dev.lambdarunner.cli;

import dev.lambdarunner.pipeline.PipelineException;
import dev.lambdarunner.secrets.SecretDocumentException;
import dev.lambdarunner.secrets.SecretStoreException;
import picocli.CommandLine;
import picocli.CommandLine.IExitCodeExceptionMapper;

/**
 * The CLI's exit codes, for scripts:
 * <ul>
 *   <li>0 done;</li>
 *   <li>1 the runner cannot work (GitLab rejected the token, GitLab unreachable for {@code register}); for
 *       {@code check}, a job cannot run or depends on an include that was not read;</li>
 *   <li>2 bad usage (picocli's own, a missing setting, a value the secret document does not allow, a pipeline file
 *       {@code check} cannot read or parse);</li>
 *   <li>3 bad configuration (URL, Terraform binary, work directory);</li>
 *   <li>4 the secret could not be read or written (not found, access denied, wrong runner or key);</li>
 *   <li>5 GitLab refused to create the runner ({@code register}: bad access token, missing scope, bad settings);</li>
 *   <li>6 GitLab created the runner but its token could not be stored ({@code register}): delete that runner.</li>
 * </ul>
 */
final class ExitCodes implements IExitCodeExceptionMapper {

    static final int OK = 0;
    static final int RUNNER_ERROR = 1;
    static final int USAGE = CommandLine.ExitCode.USAGE;
    static final int CONFIG_ERROR = 3;
    static final int SECRET_ERROR = 4;
    static final int GITLAB_REFUSED = 5;
    static final int RUNNER_NOT_STORED = 6;

    @Override
    public int getExitCode(Throwable exception) {
        if (exception instanceof CommandLine.ParameterException || exception instanceof SecretDocumentException
                || exception instanceof PipelineException) {
            return USAGE;
        }
        if (exception instanceof SecretStoreException) {
            return SECRET_ERROR;
        }
        if (exception instanceof IllegalArgumentException || exception instanceof java.io.UncheckedIOException) {
            return CONFIG_ERROR;
        }
        return RUNNER_ERROR;
    }
}
