package dev.lambdarunner.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What a job enqueued on the fake GitLab looks like. Build one with {@link #builder()}; defaults give a
 * one-line {@code echo} job without a repository (for {@code GIT_STRATEGY=none}).
 *
 * @param name              {@code CI_JOB_NAME}
 * @param stage             {@code CI_JOB_STAGE}
 * @param projectId         {@code CI_PROJECT_ID} (taken from the repository when one is set)
 * @param projectPath       {@code CI_PROJECT_PATH} (taken from the repository when one is set)
 * @param repo              the repository to check out, or {@code null}
 * @param script            the {@code script} step (GitLab merges {@code before_script} in)
 * @param afterScript       the {@code after_script} step; no step is sent when empty
 * @param variables         user variables, sent after GitLab's predefined ones
 * @param timeoutSeconds    {@code runner_info.timeout} and each step's {@code timeout}
 * @param allowFailure      {@code allow_failure} of the script step
 * @param depth             {@code git_info.depth}; 0 asks for a full clone
 * @param protectedRef      whether {@code main} counts as a protected ref
 * @param tokenMaskPrefixes {@code features.token_mask_prefixes}
 * @param idTokens          the job's {@code id_tokens:}, minted when the job is handed to a runner
 * @param artifacts         the payload's {@code artifacts[]} (the archive and each report)
 * @param dependencies      earlier jobs whose artifacts archive this job downloads ({@code dependencies[]})
 * @param image             {@code image.name}, or {@code null} for {@code "image":null}
 * @param services          {@code services[].name}
 * @param cacheKeys         {@code cache[].key}
 */
public record JobSpec(String name, String stage, long projectId, String projectPath, FakeRepo repo,
                      List<String> script, List<String> afterScript, List<Variable> variables,
                      int timeoutSeconds, boolean allowFailure, int depth, boolean protectedRef,
                      List<String> tokenMaskPrefixes, List<IdToken> idTokens, List<Artifact> artifacts,
                      List<FakeJob> dependencies, String image, List<String> services, List<String> cacheKeys) {

    public JobSpec {
        services = List.copyOf(services);
        cacheKeys = List.copyOf(cacheKeys);
        script = List.copyOf(script);
        afterScript = List.copyOf(afterScript);
        variables = List.copyOf(variables);
        tokenMaskPrefixes = List.copyOf(tokenMaskPrefixes);
        idTokens = List.copyOf(idTokens);
        artifacts = List.copyOf(artifacts);
        dependencies = List.copyOf(dependencies);
        if (repo != null) {
            projectId = repo.projectId();
            projectPath = repo.fullPath();
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * One entry of the payload's {@code variables}; {@code file} and {@code raw} are only sent when true.
     * A masked value must never show up in the trace the runner sends.
     */
    public record Variable(String key, String value, boolean isPublic, boolean masked, boolean file, boolean raw) {

        /** A plain variable as defined in {@code .gitlab-ci.yml} (public). */
        public static Variable of(String key, String value) {
            return new Variable(key, value, true, false, false, false);
        }

        /** A masked CI/CD-settings variable (not public). */
        public static Variable masked(String key, String value) {
            return new Variable(key, value, false, true, false, false);
        }

        /** A file-type CI/CD-settings variable (not public). */
        public static Variable file(String key, String value) {
            return new Variable(key, value, false, false, true, false);
        }

        @Override
        public String toString() {
            return "Variable[" + key + (masked ? "=[MASKED]" : "=" + value) + "]";
        }
    }

    /**
     * One entry of {@code id_tokens:}. GitLab mints the token for the job when a runner takes it and sends it as
     * a masked, non-public variable right after the job's own predefined ones ({@code Ci::Build#id_tokens_variables});
     * {@code mint} plays GitLab's signer and may look at the job (its id, project, ref protection).
     */
    public record IdToken(String variable, Function<FakeJob, String> mint) {
    }

    /**
     * One entry of the payload's {@code artifacts}, as GitLab builds it from {@code artifacts:} (protocol reference
     * §3.3): the archive is {@code archive}/{@code zip}, each report its own entry with {@code when: always}.
     */
    public record Artifact(String name, boolean untracked, List<String> paths, List<String> exclude, String when,
                           String expireIn, String type, String format) {

        public Artifact {
            paths = List.copyOf(paths);
            exclude = List.copyOf(exclude);
        }

        /** {@code artifacts: paths: [...]} (GitLab's default {@code when: on_success}). */
        public static Artifact archive(String... paths) {
            return new Artifact("artifacts", false, List.of(paths), List.of(), "on_success", "1 week", "archive", "zip");
        }

        /** {@code artifacts: reports: terraform: <path>}. */
        public static Artifact terraformReport(String path) {
            return new Artifact("tfplan.json", false, List.of(path), List.of(), "always", "1 week", "terraform", "raw");
        }

        public Artifact withExclude(String... patterns) {
            return new Artifact(name, untracked, paths, List.of(patterns), when, expireIn, type, format);
        }

        public Artifact withUntracked() {
            return new Artifact(name, true, paths, exclude, when, expireIn, type, format);
        }

        public Artifact when(String value) {
            return new Artifact(name, untracked, paths, exclude, value, expireIn, type, format);
        }
    }

    /** Mutable builder; every setter returns {@code this}. */
    public static final class Builder {
        private String name = "job";
        private String stage = "test";
        private long projectId = 42;
        private String projectPath = "group/project";
        private FakeRepo repo;
        private List<String> script = List.of("echo hello");
        private List<String> afterScript = List.of();
        private final List<Variable> variables = new ArrayList<>();
        private int timeoutSeconds = 3600;
        private boolean allowFailure;
        private int depth = 20;
        private boolean protectedRef;
        private List<String> tokenMaskPrefixes = List.of();
        private final List<IdToken> idTokens = new ArrayList<>();
        private final List<Artifact> artifacts = new ArrayList<>();
        private final List<FakeJob> dependencies = new ArrayList<>();
        private String image;
        private List<String> services = List.of();
        private List<String> cacheKeys = List.of();

        public Builder image(String value) {
            this.image = value;
            return this;
        }

        public Builder services(String... names) {
            this.services = List.of(names);
            return this;
        }

        public Builder cacheKeys(String... keys) {
            this.cacheKeys = List.of(keys);
            return this;
        }

        public Builder name(String value) {
            name = value;
            return this;
        }

        public Builder stage(String value) {
            stage = value;
            return this;
        }

        /** A project without a repository to fetch (combine with {@code GIT_STRATEGY=none}). */
        public Builder project(long id, String path) {
            projectId = id;
            projectPath = path;
            return this;
        }

        public Builder repo(FakeRepo value) {
            repo = value;
            return this;
        }

        public Builder script(String... lines) {
            script = List.of(lines);
            return this;
        }

        public Builder afterScript(String... lines) {
            afterScript = List.of(lines);
            return this;
        }

        public Builder variable(Variable value) {
            variables.add(value);
            return this;
        }

        public Builder variable(String key, String value) {
            return variable(Variable.of(key, value));
        }

        public Builder maskedVariable(String key, String value) {
            return variable(Variable.masked(key, value));
        }

        public Builder timeoutSeconds(int value) {
            timeoutSeconds = value;
            return this;
        }

        public Builder allowFailure(boolean value) {
            allowFailure = value;
            return this;
        }

        public Builder depth(int value) {
            depth = value;
            return this;
        }

        public Builder protectedRef(boolean value) {
            protectedRef = value;
            return this;
        }

        public Builder tokenMaskPrefixes(String... prefixes) {
            tokenMaskPrefixes = List.of(prefixes);
            return this;
        }

        /** An {@code id_tokens:} entry named {@code variable}, minted by {@code mint} when the job is taken. */
        public Builder idToken(String variable, Function<FakeJob, String> mint) {
            idTokens.add(new IdToken(variable, mint));
            return this;
        }

        public Builder artifact(Artifact value) {
            artifacts.add(value);
            return this;
        }

        /** {@code dependencies: [...]}: jobs whose archive this job downloads before its script. */
        public Builder dependencies(FakeJob... jobs) {
            dependencies.addAll(List.of(jobs));
            return this;
        }

        public JobSpec build() {
            return new JobSpec(name, stage, projectId, projectPath, repo, script, afterScript, variables,
                    timeoutSeconds, allowFailure, depth, protectedRef, tokenMaskPrefixes, idTokens, artifacts,
                    dependencies, image, services, cacheKeys);
        }
    }
}
