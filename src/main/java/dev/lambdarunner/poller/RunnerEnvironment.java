package dev.lambdarunner.poller;

import java.util.Map;

/**
 * What the runner takes from its own process besides configuration: its version (the build's
 * {@code quarkus.application.version}) and its environment variables, which only a few named consumers may read
 * ({@code PATH} to find Terraform, {@code runner.sandbox.pass-env}, the Lambda function's name and region).
 * Given to {@link RunnerFactory}, so a test decides what the runner sees.
 */
public record RunnerEnvironment(String version, Map<String, String> variables) {

    public RunnerEnvironment {
        variables = Map.copyOf(variables);
    }

    /** This process's environment. */
    public static RunnerEnvironment current(String version) {
        return new RunnerEnvironment(version, System.getenv());
    }

    /** The runner's own {@code PATH}, where bare binary names are looked up; empty when unset. */
    String path() {
        return variables.getOrDefault("PATH", "");
    }

    /** Never prints the variables: the runner's environment may hold its AWS credentials. */
    @Override
    public String toString() {
        return "RunnerEnvironment[version=" + version + ", variables=" + variables.size() + "]";
    }
}
