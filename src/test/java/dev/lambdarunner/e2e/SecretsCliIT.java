package dev.lambdarunner.e2e;

import dev.lambdarunner.secrets.RunnerSecrets;
import dev.lambdarunner.secrets.SecretLocation;
import dev.lambdarunner.testsupport.FakeGitLab;
import dev.lambdarunner.testsupport.FakeJob;
import dev.lambdarunner.testsupport.FakeRepo;
import dev.lambdarunner.testsupport.FakeRunner;
import dev.lambdarunner.testsupport.JobSpec;
import dev.lambdarunner.testsupport.MotoServer;
import dev.lambdarunner.testsupport.MotoServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.regions.Region;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The secret commands of the packaged CLI against moto (Secrets Manager, KMS with encryption context, IAM) and
 * the GitLab fake: what {@code secrets put} and {@code register} store, the runner reads and uses, and no
 * decrypted value ever shows in the CLI's output, the runner's log or a job's trace.
 */
class SecretsCliIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String PAT = "glpat-" + random();
    private static final String SCW_ACCESS = "SCWACC" + random().substring(0, 14);
    private static final String SCW_SECRET = "scw-secret-" + random();
    private static final String HCLOUD = "hcloud-" + random();

    @RegisterExtension
    static final MotoServerExtension moto = new MotoServerExtension();
    static String key;
    static FakeGitLab gitlab;
    static FakeRepo envprobe;

    @TempDir
    Path work;
    private final String secretId = "lambda-runner/" + random();
    private final List<RunnerCli.Output> outputs = new ArrayList<>();
    /** Runner tokens this test stored: no output may show them either. */
    private final List<String> tokens = new ArrayList<>();

    @BeforeAll
    static void start() {
        key = moto.keyArn();
        gitlab = FakeGitLab.start().addAccessToken(PAT, "create_runner")
                .watchSecret("the scaleway access key", SCW_ACCESS).watchSecret("the scaleway secret key", SCW_SECRET)
                .watchSecret("the hcloud token", HCLOUD);
        envprobe = gitlab.createRepo("infra/envprobe", Path.of("src/test/resources/terraform/envprobe"));
    }

    @AfterAll
    static void stop() {
        gitlab.close();
    }

    @AfterEach
    void nothingLeaked() {
        gitlab.assertNoViolations();
        gitlab.registrations().forEach(r -> tokens.add(r.runner().token()));
        for (RunnerCli.Output output : outputs) {
            assertThat(output.stdout() + output.stderr()).as(output.args())
                    .doesNotContain(SCW_ACCESS, SCW_SECRET, HCLOUD, PAT, "Exception");
            tokens.forEach(token -> assertThat(output.stdout() + output.stderr()).as(output.args()).doesNotContain(token));
        }
    }

    private static String random() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private Map<String, String> env(Map<String, String> aws) {
        Map<String, String> env = new HashMap<>(aws);
        env.put("RUNNER_GITLAB_URL", gitlab.url());
        env.put("RUNNER_SECRETS_SECRET_ID", secretId);
        env.put("RUNNER_SECRETS_KMS_KEY_ID", key);
        env.put("RUNNER_SECRETS_RUNNER_NAME", "prod");
        env.put("RUNNER_WORK_DIR", work.toString());
        env.put("RUNNER_GITLAB_CHECK_INTERVAL", "PT0.2S");
        env.put("SCW_ACCESS_KEY", SCW_ACCESS);
        env.put("SCW_SECRET_KEY", SCW_SECRET);
        env.put("HCLOUD_TOKEN", HCLOUD);
        env.put("GITLAB_TOKEN", PAT);
        return env;
    }

    private Map<String, String> env() {
        return env(moto.server().childEnvironment());
    }

    private RunnerCli.Output cli(Map<String, String> env, String... args) throws Exception {
        try (RunnerCli cli = RunnerCli.start(env, args)) {
            RunnerCli.Output output = cli.awaitOutput(WAIT);
            outputs.add(output);
            return output;
        }
    }

    private static final String[] SETS = {"--credential-set", "scaleway", "--scope", "all-refs",
        "--from-env", "SCW_ACCESS_KEY,SCW_SECRET_KEY", "--credential-set", "hetzner", "--scope", "protected-refs-only",
        "--from-env", "HCLOUD_TOKEN"};

    private static String[] args(String[] first, String... more) {
        String[] all = new String[first.length + more.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    @Test
    void putThenShowThroughTheCliAndTheRunnerReadsTheSameDocument() throws Exception {
        FakeRunner runner = gitlab.addRunner();
        tokens.add(runner.token());
        Map<String, String> env = env();
        env.put("RUNNER_GITLAB_TOKEN", runner.token());

        RunnerCli.Output put = cli(env, args(new String[] {"secrets", "put"}, SETS));
        env.remove("RUNNER_GITLAB_TOKEN");
        RunnerCli.Output show = cli(env, "secrets", "show");

        assertThat(put.exitCode()).as(put.stderr()).isZero();
        assertThat(put.stdout()).contains("created secret arn:aws:secretsmanager:" + MotoServer.REGION,
                "encrypted with " + key + " for runner prod", "credential set hetzner (protected-refs-only): HCLOUD_TOKEN",
                "credential set scaleway (all-refs): SCW_ACCESS_KEY, SCW_SECRET_KEY");
        assertThat(show.exitCode()).as(show.stderr()).isZero();
        assertThat(show.stdout()).contains("kms key: " + key, "runner: prod", "runner token: set",
                "credential set scaleway (all-refs): SCW_ACCESS_KEY, SCW_SECRET_KEY").doesNotContain(runner.token());
        RunnerSecrets read = moto.secretsManagerAccess()
                .reader(new SecretLocation(secretId, Optional.of(key), "prod")).load();
        assertThat(read.runnerToken().value()).isEqualTo(runner.token());
        assertThat(read.credentialSets().get("hetzner").values().get("HCLOUD_TOKEN").value()).isEqualTo(HCLOUD);
        assertThat(put.stdout() + show.stdout()).doesNotContain(runner.token());
    }

    @Test
    void aRunnerOfAnotherNameCannotDecryptTheSecret() throws Exception {
        Map<String, String> env = env();
        String token = "glrt-" + random();
        tokens.add(token);
        env.put("RUNNER_GITLAB_TOKEN", token);
        assertThat(cli(env, "secrets", "put").exitCode()).isZero();
        env.remove("RUNNER_GITLAB_TOKEN");
        env.put("RUNNER_SECRETS_RUNNER_NAME", "staging");

        RunnerCli.Output show = cli(env, "secrets", "show");
        RunnerCli.Output run = cli(env, "run", "--once");

        assertThat(show.exitCode()).isEqualTo(4);
        assertThat(show.stderr()).contains("error: decrypting secret " + secretId + ": it was encrypted for runner"
                + " 'prod', this runner is 'staging'");
        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.stderr()).contains("it was encrypted for runner 'prod'");
    }

    @Test
    void registerStoresTheTokenAndRunTakesItFromTheSecretGivingEachJobTheSetsItsRefAllows() throws Exception {
        RunnerCli.Output register = cli(env(), args(new String[] {"register", "--project-id", "42"}, SETS));
        assertThat(register.exitCode()).as(register.stderr()).isZero();
        FakeRunner runner = gitlab.registrations().get(gitlab.registrations().size() - 1).runner();
        // a job on an unprotected ref that somehow holds a protected-only value: masked all the same
        FakeJob unprotected = gitlab.enqueue(JobSpec.builder().repo(envprobe).variable("TF_VAR_copied", HCLOUD)
                .script("terraform init -input=false", "terraform apply -auto-approve").build());
        Map<String, String> runEnv = env();
        runEnv.remove("RUNNER_SECRETS_KMS_KEY_ID"); // the function decrypts with kms:Decrypt; the key id is optional
        runEnv.keySet().removeAll(List.of("SCW_ACCESS_KEY", "SCW_SECRET_KEY", "HCLOUD_TOKEN", "GITLAB_TOKEN"));

        RunnerCli.Output first = cli(runEnv, "run", "--once");
        FakeJob protectedJob = gitlab.enqueue(JobSpec.builder().repo(envprobe).protectedRef(true)
                .script("terraform init -input=false", "terraform apply -auto-approve").build());
        RunnerCli.Output second = cli(runEnv, "run", "--once");

        assertThat(first.exitCode()).as(first.stderr()).isZero();
        assertThat(second.exitCode()).as(second.stderr()).isZero();
        assertThat(unprotected.awaitFinished(WAIT).status()).as(unprotected.trace()).isEqualTo("success");
        assertThat(protectedJob.awaitFinished(WAIT).status()).as(protectedJob.trace()).isEqualTo("success");
        assertThat(unprotected.trace()).contains("Using credential set scaleway (all-refs) credentials",
                "SCW_ACCESS_KEY=[MASKED]", "SCW_SECRET_KEY=[MASKED]", "TF_VAR_copied=[MASKED]")
                .doesNotContain("HCLOUD_TOKEN=", "hetzner");
        assertThat(protectedJob.trace()).contains("hetzner (protected-refs-only)", "HCLOUD_TOKEN=[MASKED]",
                "SCW_ACCESS_KEY=[MASKED]");
        assertThat(unprotected.trace() + protectedJob.trace()).doesNotContain(runner.token());
        assertThat(runner.jobRequests()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void theOperatorEncryptsWithoutBeingAbleToDecryptAndOnlyTheFunctionsRoleReads() throws Exception {
        // 1 key + 3 requests for each of the two users, then moto enforces IAM
        try (MotoServer iam = MotoServer.startEnforcingIamAfter(7)) {
            String iamKey = iam.createKey();
            IamClient admin = iam.client(IamClient.builder().region(Region.AWS_GLOBAL));
            AccessKey operator = user(admin, "operator", "kms:Encrypt\", \"secretsmanager:DescribeSecret\", "
                    + "\"secretsmanager:CreateSecret\", \"secretsmanager:PutSecretValue");
            AccessKey function = user(admin, "function", "kms:Decrypt\", \"secretsmanager:GetSecretValue");
            FakeRunner runner = gitlab.addRunner();
            tokens.add(runner.token());
            Map<String, String> operatorEnv = env(iam.childEnvironment(operator.accessKeyId(), operator.secretAccessKey()));
            operatorEnv.put("RUNNER_SECRETS_KMS_KEY_ID", iamKey);
            operatorEnv.put("RUNNER_GITLAB_TOKEN", runner.token());
            Map<String, String> functionEnv = env(iam.childEnvironment(function.accessKeyId(), function.secretAccessKey()));
            functionEnv.keySet().removeAll(List.of("RUNNER_SECRETS_KMS_KEY_ID", "SCW_ACCESS_KEY", "SCW_SECRET_KEY",
                    "HCLOUD_TOKEN", "GITLAB_TOKEN"));
            FakeJob job = gitlab.enqueue(JobSpec.builder().repo(envprobe)
                    .script("terraform init -input=false", "terraform apply -auto-approve").build());

            RunnerCli.Output put = cli(operatorEnv, args(new String[] {"secrets", "put"}, SETS));
            RunnerCli.Output operatorShow = cli(operatorEnv, "secrets", "show");
            RunnerCli.Output functionShow = cli(functionEnv, "secrets", "show");
            RunnerCli.Output run = cli(functionEnv, "run", "--once");

            assertThat(put.exitCode()).as(put.stderr()).isZero();
            assertThat(operatorShow.exitCode()).isEqualTo(4);
            assertThat(operatorShow.stderr()).contains("error: reading secret " + secretId + ": access denied (the"
                    + " caller needs secretsmanager:GetSecretValue on it)");
            assertThat(functionShow.exitCode()).as(functionShow.stderr()).isZero();
            assertThat(run.exitCode()).as(run.stderr()).isZero();
            assertThat(job.awaitFinished(WAIT).status()).isEqualTo("success");
            assertThat(job.trace()).contains("SCW_SECRET_KEY=[MASKED]");
        }
    }

    @Test
    void withoutARegionTheRunnerSaysWhatIsMissing() throws Exception {
        Map<String, String> env = env(Map.of("AWS_CONFIG_FILE", "/dev/null", "AWS_SHARED_CREDENTIALS_FILE", "/dev/null",
                "AWS_EC2_METADATA_DISABLED", "true"));

        RunnerCli.Output verify = cli(env, "verify");

        assertThat(verify.exitCode()).isEqualTo(4);
        assertThat(verify.stderr()).contains("error: reading secret " + secretId + ": no AWS region: set AWS_REGION");
    }

    @Test
    void helpSaysWhoCanDoWhat() throws Exception {
        RunnerCli.Output show = cli(Map.of(), "secrets", "show", "--help");
        RunnerCli.Output register = cli(Map.of(), "register", "--help");

        assertThat(show.stdout().replaceAll("\\s+", " ")).contains("Never a value", "kms:Decrypt");
        assertThat(register.stdout().replaceAll("\\s+", " ")).contains("create_runner", "--legacy-registration-token",
                "DEPRECATED", "ref_protected");
    }

    private static AccessKey user(IamClient admin, String name, String actions) {
        admin.createUser(r -> r.userName(name));
        admin.putUserPolicy(r -> r.userName(name).policyName(name).policyDocument("{\"Version\":\"2012-10-17\","
                + "\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"" + actions + "\"],\"Resource\":\"*\"}]}"));
        return admin.createAccessKey(r -> r.userName(name)).accessKey();
    }
}
