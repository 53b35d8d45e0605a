package dev.lambdarunner.cli;

import dev.lambdarunner.config.RunnerConfig;
import dev.lambdarunner.pipeline.CheckReport;
import dev.lambdarunner.pipeline.Pipeline;
import dev.lambdarunner.pipeline.PipelineCheck;
import dev.lambdarunner.script.CommandPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code check}: what the runner would run, refuse and ignore of a pipeline file, offline. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Read a pipeline file offline and print, for every job this runner would take, what it will run,"
                + " refuse (and why) and ignore, line by line. Needs no GitLab and no AWS.",
                "Resolves YAML anchors, extends, !reference, default:, inherit: and local includes; remote, template,"
                        + " project and component includes are named, not read. Values only known when the job runs"
                        + " (CI_*, secrets) show as $${NAME}.",
                "Exit codes: 0 every job for this runner can run; 1 one cannot, or depends on an include not read;"
                        + " 2 the file cannot be read or is not a valid pipeline."})
public class CheckCommand implements Callable<Integer> {

    static final String DEFAULT_TAG = "lambda-terraform";

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", defaultValue = ".gitlab-ci.yml",
            description = "The pipeline file (default: ${DEFAULT-VALUE}).")
    Path file;

    @Option(names = "--root", paramLabel = "DIR",
            description = "Repository root for include: local (default: the directory of FILE).")
    Path root;

    @Option(names = "--tag", paramLabel = "TAG",
            description = "A tag of the runner, repeatable (default: " + DEFAULT_TAG + "). A job is taken when all its"
                    + " tags are among them.")
    List<String> tags;

    @Option(names = "--tofu", negatable = true,
            description = "Check for a runner with OpenTofu (tofu, gitlab-tofu) enabled (default: whether"
                    + " runner.terraform.tofu-path / RUNNER_TERRAFORM_TOFU_PATH is set).")
    Boolean tofu;

    private final RunnerConfig config;

    public CheckCommand(RunnerConfig config) {
        this.config = config;
    }

    @Override
    public Integer call() {
        Path pipelineRoot = root != null ? root : file.toAbsolutePath().getParent();
        Pipeline pipeline = Pipeline.read(file, pipelineRoot);
        boolean tofuAllowed = tofu != null ? tofu : config.terraform().tofuPath().isPresent();
        CheckReport report = new PipelineCheck(new LinkedHashSet<>(tags == null || tags.isEmpty() ? List.of(DEFAULT_TAG) : tags),
                new CommandPolicy(tofuAllowed)).check(pipeline);
        report.print(spec.commandLine().getOut());
        return report.allRun() ? ExitCodes.OK : ExitCodes.RUNNER_ERROR;
    }
}
