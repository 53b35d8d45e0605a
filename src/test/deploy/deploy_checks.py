"""Checks of the deployment stacks, run by dev.lambdarunner.deploy.*IT (./mvnw verify).

    python3 src/test/deploy/deploy_checks.py stack      # the SAM stack deployed to moto has the intended settings
    python3 src/test/deploy/deploy_checks.py iam        # wildcards, SAM/Terraform parity, who may do what
    python3 src/test/deploy/deploy_checks.py terraform  # offline checks of the Terraform code and its README
    python3 src/test/deploy/deploy_checks.py selftest   # the wildcard check rejects what it must

Each prints one line per finding and exits 1 when any check failed. moto runs in this process on a free
loopback port (127.0.0.1, port 0) and stops with it.
"""

import json
import logging
import re
import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import iampolicy  # noqa: E402
import stacks  # noqa: E402

FAILURES = []


def ok(message: str) -> None:
    print(f"ok: {message}")


def fail(message: str) -> None:
    FAILURES.append(message)
    print(f"FAIL: {message}")


def expect(condition: bool, message: str, detail="") -> None:
    if condition:
        ok(message)
    else:
        fail(f"{message}{': ' + str(detail) if detail != '' else ''}")


def expect_equal(actual, expected, message: str) -> None:
    expect(actual == expected, message, f"expected {expected!r}, got {actual!r}")


# ---- the SAM stack in moto ----

BOUNDARY = "gitlab-runner-ci-boundary"

FULL = {
    "RunnerName": "ci",
    "GitLabUrl": "https://gitlab.example.com",
    "OperatorPrincipalArns": f"arn:aws:iam::{stacks.ACCOUNT}:user/gitlab-runner-ci-operator",
    "ProjectPaths": "platform/infra,platform/dns",
    "ApplyBranch": "main",
    "Architecture": "arm64",
    "MemorySize": "6144",
    "ReservedConcurrency": "3",
    "XRayTracing": "Active",
    "TofuPath": "/opt/bin/tofu",
    "ProviderMirrorDir": "/opt/terraform-providers",
    "LogRetentionDays": "14",
    "PollRate": "rate(10 minutes)",
}

MINIMAL = {
    "GitLabUrl": "https://gitlab.example.com",
    "OperatorPrincipalArns": f"arn:aws:iam::{stacks.ACCOUNT}:user/gitlab-runner-lambda-terraform-operator",
    "ProjectPaths": "platform/infra",
    "ExistingOidcProviderArn": "",
}


class Deployment:
    """moto with both stack variants: FULL (every option set) and MINIMAL (only the required parameters)."""

    def __enter__(self):
        warnings.simplefilter("ignore")
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        import motocfn

        self.server = motocfn.start()
        host, port = self.server.get_host_and_port()
        self.c = stacks.clients(f"http://{host}:{port}")
        stacks.upload_artifacts(self.c)
        iam = self.c["iam"]
        self.plan_policy = self._policy("terraform-plan")
        self.apply_policy = self._policy("terraform-apply")
        boundary = render_bootstrap("ci")["permissions_boundary_policy"]
        self.boundary_arn = iam.create_policy(PolicyName=BOUNDARY, PolicyDocument=boundary)["Policy"]["Arn"]
        self.full_params = dict(FULL, PlanPolicyArns=self.plan_policy, ApplyPolicyArns=self.apply_policy,
                                PermissionsBoundaryArn=self.boundary_arn)
        self.full_template = stacks.translate(self.full_params)
        self.full = stacks.deploy(self.c, self.full_template, "gitlab-runner-ci", self.full_params)
        # MINIMAL reuses FULL's OIDC provider: there is one per URL and account.
        self.minimal_params = dict(MINIMAL, ExistingOidcProviderArn=self.full["OidcProviderArn"])
        self.minimal = stacks.deploy(self.c, stacks.translate(self.minimal_params), "gitlab-runner-lambda-terraform",
                                     self.minimal_params)
        return self

    def _policy(self, name: str) -> str:
        document = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::state/*"}]}
        return self.c["iam"].create_policy(PolicyName=name, PolicyDocument=json.dumps(document))["Policy"]["Arn"]

    def __exit__(self, *exc):
        self.server.stop()


def check_function(d: Deployment) -> None:
    lam = d.c["lambda"]
    got = lam.get_function(FunctionName="gitlab-runner-ci")
    cfg = got["Configuration"]
    expect_equal(cfg["Runtime"], "provided.al2023", "function runtime is provided.al2023")
    expect_equal(cfg["Handler"], "not.used.in.provided.runtime", "function handler is the provided-runtime placeholder")
    expect_equal(cfg["Timeout"], 900, "function timeout is 900 s")
    expect_equal(cfg["MemorySize"], 6144, "function memory follows MemorySize")
    expect_equal(cfg["EphemeralStorage"]["Size"], 4096, "function /tmp is 4096 MB")
    expect_equal(cfg["Architectures"], ["arm64"], "function architecture follows Architecture")
    expect_equal(cfg["TracingConfig"]["Mode"], "Active", "X-Ray tracing is on with XRayTracing=Active")
    expect_equal(cfg["Role"], f"arn:aws:iam::{stacks.ACCOUNT}:role/gitlab-runner-ci-function", "function runs as its own role")
    expect_equal([l["Arn"] for l in cfg["Layers"]], [d.full["TerraformLayerArn"]], "function uses the stack's Terraform layer")
    expect_equal(got.get("Concurrency", {}).get("ReservedConcurrentExecutions"), 3, "reserved concurrency follows ReservedConcurrency")

    layer = lam.list_layer_versions(LayerName="gitlab-runner-ci-terraform")["LayerVersions"]
    expect_equal([(v["CompatibleRuntimes"], v["CompatibleArchitectures"]) for v in layer], [(["provided.al2023"], ["arm64"])],
                 "layer is for provided.al2023 on the function's architecture")

    expected_env = {
        "DISABLE_SIGNAL_HANDLERS": "true",
        "RUNNER_GITLAB_URL": "https://gitlab.example.com",
        "RUNNER_SECRETS_SECRET_ID": d.full["SecretArn"],
        "RUNNER_SECRETS_KMS_KEY_ID": d.full["KmsKeyArn"],
        "RUNNER_SECRETS_RUNNER_NAME": "ci",
        "RUNNER_SECRETS_PROTECTED_SETS": "false",
        "RUNNER_TERRAFORM_PATH": "/opt/bin/terraform",
        "RUNNER_TERRAFORM_TOFU_PATH": "/opt/bin/tofu",
        "RUNNER_TERRAFORM_PROVIDER_MIRROR_DIR": "/opt/terraform-providers",
        "RUNNER_WORK_DIR": "/tmp/lambda-runner",
        "RUNNER_MAX_JOB_TIMEOUT": "PT12M",
        "RUNNER_LAMBDA_RESERVE": "PT90S",
        "RUNNER_KEYLESS_PLAN_ROLE_ARN": d.full["PlanRoleArn"],
        "RUNNER_KEYLESS_AUDIENCE": "sts.amazonaws.com",
        "RUNNER_KEYLESS_TOKEN_VARIABLE": "GITLAB_OIDC_TOKEN",
    }
    expect_equal(cfg["Environment"]["Variables"], expected_env,
                 "plan function environment is the runner's configuration, contract names: no apply role, no protected sets")
    check_apply_function(d, cfg, expected_env)

    minimal = lam.get_function(FunctionName="gitlab-runner-lambda-terraform")
    mcfg = minimal["Configuration"]
    expect_equal((mcfg["MemorySize"], mcfg["Architectures"], mcfg["TracingConfig"]["Mode"]), (4096, ["x86_64"], "PassThrough"),
                 "defaults: 4096 MB, x86_64, no X-Ray")
    expect("Concurrency" not in minimal or not minimal["Concurrency"].get("ReservedConcurrentExecutions"),
           "defaults: no reserved concurrency (ReservedConcurrency=-1)", minimal.get("Concurrency"))
    menv = mcfg["Environment"]["Variables"]
    expect("RUNNER_TERRAFORM_TOFU_PATH" not in menv and "RUNNER_TERRAFORM_PROVIDER_MIRROR_DIR" not in menv,
           "defaults: no tofu path and no provider mirror in the environment", sorted(menv))
    expect_equal(menv["RUNNER_SECRETS_RUNNER_NAME"], "lambda-terraform", "defaults: runner name lambda-terraform")

    invoke = lam.get_function_event_invoke_config(FunctionName="gitlab-runner-ci")
    expect_equal(invoke["MaximumRetryAttempts"], 0, "asynchronous invocations are never retried")

    url = lam.get_function_url_config(FunctionName="gitlab-runner-ci")
    expect_equal((url["AuthType"], url["FunctionUrl"]), ("NONE", d.full["FunctionUrl"]), "Function URL is public and is the FunctionUrl output")
    statements = iampolicy.statements(json.loads(lam.get_policy(FunctionName="gitlab-runner-ci")["Policy"]))
    public = sorted((s["Action"], s.get("FunctionUrlAuthType"), s.get("InvokedViaFunctionUrl")) for s in statements if s.get("Principal") == "*")
    expect_equal(public, [("lambda:InvokeFunction", None, True), ("lambda:InvokeFunctionUrl", "NONE", None)],
                 "the public permissions are exactly the two a NONE Function URL needs (InvokeFunctionUrl, InvokeFunction via the URL)")
    expect_equal(len(statements), 2, "the function's resource policy has nothing else")

    logging = d.full_template["Resources"]["RunnerFunction"]["Properties"].get("LoggingConfig")
    expect_equal(logging, {"LogGroup": {"Ref": "LogGroup"}}, "function logs to the stack's log group (template; moto does not model LoggingConfig)")
    groups = d.c["logs"].describe_log_groups(logGroupNamePrefix="/aws/lambda/gitlab-runner-ci")["logGroups"]
    groups = [g for g in groups if g["logGroupName"] == "/aws/lambda/gitlab-runner-ci"]
    expect_equal([(g["logGroupName"], g.get("retentionInDays")) for g in groups], [("/aws/lambda/gitlab-runner-ci", 14)],
                 "log group /aws/lambda/<function> keeps logs LogRetentionDays")


def check_apply_function(d: Deployment, plan_cfg: dict, plan_env: dict) -> None:
    """The apply function: the plan function's code, layer and settings, its own role, secret, context, log group
    and URL, and the apply role in its configuration."""
    lam = d.c["lambda"]
    cfg = lam.get_function(FunctionName="gitlab-runner-ci-apply")["Configuration"]
    same = ("Runtime", "Handler", "Timeout", "MemorySize", "Architectures", "TracingConfig", "Layers", "EphemeralStorage")
    expect_equal({k: cfg.get(k) for k in same}, {k: plan_cfg.get(k) for k in same},
                 "apply function runs the same code, layer and settings as the plan function")
    expect_equal(cfg["Role"], f"arn:aws:iam::{stacks.ACCOUNT}:role/gitlab-runner-ci-apply-function", "apply function runs as its own role")
    apply_env = {k: v for k, v in plan_env.items() if k != "RUNNER_SECRETS_PROTECTED_SETS"}
    apply_env.update({
        "RUNNER_SECRETS_SECRET_ID": d.full["ApplySecretArn"],
        "RUNNER_SECRETS_RUNNER_NAME": "ci-apply",
        "RUNNER_KEYLESS_APPLY_ROLE_ARN": d.full["ApplyRoleArn"],
        "RUNNER_KEYLESS_APPLY_PROJECTS": "platform/infra,platform/dns",
    })
    expect_equal(cfg["Environment"]["Variables"], apply_env,
                 "apply function environment: its own secret and context ci-apply, the apply role for the listed projects")
    expect_equal(lam.get_function_event_invoke_config(FunctionName="gitlab-runner-ci-apply")["MaximumRetryAttempts"], 0,
                 "apply function: asynchronous invocations are never retried")
    url = lam.get_function_url_config(FunctionName="gitlab-runner-ci-apply")
    expect_equal((url["AuthType"], url["FunctionUrl"]), ("NONE", d.full["ApplyFunctionUrl"]), "apply function has its own Function URL")
    expect(d.full["ApplyFunctionUrl"] != d.full["FunctionUrl"], "the two functions' webhook URLs differ")
    statements = iampolicy.statements(json.loads(lam.get_policy(FunctionName="gitlab-runner-ci-apply")["Policy"]))
    public = sorted((s["Action"], s.get("FunctionUrlAuthType"), s.get("InvokedViaFunctionUrl")) for s in statements if s.get("Principal") == "*")
    expect_equal((public, len(statements)), ([("lambda:InvokeFunction", None, True), ("lambda:InvokeFunctionUrl", "NONE", None)], 2),
                 "apply function's resource policy has exactly the two Function URL permissions")
    groups = d.c["logs"].describe_log_groups(logGroupNamePrefix="/aws/lambda/gitlab-runner-ci-apply")["logGroups"]
    expect_equal([(g["logGroupName"], g.get("retentionInDays")) for g in groups], [("/aws/lambda/gitlab-runner-ci-apply", 14)],
                 "apply function has its own log group")
    logging = d.full_template["Resources"]["ApplyFunction"]["Properties"].get("LoggingConfig")
    expect_equal(logging, {"LogGroup": {"Ref": "ApplyLogGroup"}}, "apply function logs to its own log group (template)")


def check_secret_and_key(d: Deployment) -> None:
    sm, kms = d.c["secretsmanager"], d.c["kms"]
    secret = sm.describe_secret(SecretId=d.full["SecretArn"])
    expect_equal(secret["Name"], "gitlab-runner-ci", "secret is named gitlab-runner-<RunnerName>")
    expect(not secret.get("VersionIdsToStages"), "secret has no value: the template holds none", secret.get("VersionIdsToStages"))
    expect(secret.get("KmsKeyId") in (None, ""), "secret at rest uses the account's aws/secretsmanager key (the document is encrypted client-side)",
           secret.get("KmsKeyId"))

    key = kms.describe_key(KeyId="alias/gitlab-runner-ci")["KeyMetadata"]
    expect_equal(key["Arn"], d.full["KmsKeyArn"], "alias/gitlab-runner-<RunnerName> names the runner key")
    expect_equal((key["KeySpec"], key["KeyUsage"]), ("SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT"), "key is a symmetric encrypt/decrypt key")
    expect(kms.get_key_rotation_status(KeyId=key["KeyId"])["KeyRotationEnabled"], "key rotation is on")
    tags = {t["TagKey"]: t["TagValue"] for t in kms.list_resource_tags(KeyId=key["KeyId"])["Tags"]}
    expect_equal(tags.get("gitlab-runner"), "ci", "key is tagged gitlab-runner=<RunnerName> (the setup identity's scope)")

    apply_secret = sm.describe_secret(SecretId=d.full["ApplySecretArn"])
    expect_equal((apply_secret["Name"], bool(apply_secret.get("VersionIdsToStages"))), ("gitlab-runner-ci-apply", False),
                 "apply runner has its own secret gitlab-runner-<RunnerName>-apply, without a value")
    expect(d.full["ApplySecretArn"] != d.full["SecretArn"], "the two runners' secrets differ")

    policy = json.loads(kms.get_key_policy(KeyId=key["KeyId"], PolicyName="default")["Policy"])
    check_key_policy(policy, operators=[FULL["OperatorPrincipalArns"]], decrypters=function_roles("ci"), label="SAM key policy")


CRYPTO = ("kms:Decrypt", "kms:Encrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey",
          "kms:GenerateDataKeyWithoutPlaintext", "kms:CreateGrant")


def function_roles(runner: str) -> dict:
    """Encryption context -> the one function role that may decrypt under it."""
    return {runner: f"arn:aws:iam::{stacks.ACCOUNT}:role/gitlab-runner-{runner}-function",
            f"{runner}-apply": f"arn:aws:iam::{stacks.ACCOUNT}:role/gitlab-runner-{runner}-apply-function"}


def check_key_policy(policy: dict, operators: list, decrypters: dict, label: str) -> None:
    """Who may do what with the runner key, conditions included: each function role decrypts only under its own
    runner's context, the operators encrypt under the two runners' contexts and nothing else, and the account
    (IAM) gets no crypto action."""
    granted = []
    for action in CRYPTO:
        for statement in iampolicy.statements(policy):
            if statement["Effect"] != "Allow":
                continue
            actions = iampolicy.as_list(statement["Action"])
            if not any(iampolicy._matches_action(a, action) for a in actions):
                continue
            principals = sorted(iampolicy.as_list(statement["Principal"].get("AWS")))
            contexts = sorted(iampolicy.as_list(statement.get("Condition", {}).get("StringEquals", {}).get("kms:EncryptionContext:runner")))
            granted.append((action, principals, contexts))
    wanted = sorted([("kms:Encrypt", sorted(operators), sorted(decrypters))]
                    + [("kms:Decrypt", [role], [context]) for context, role in decrypters.items()])
    expect_equal(sorted(granted), wanted,
                 f"{label}: each function role decrypts only under its own runner's context, operators only encrypt, under both")


def check_roles(d: Deployment) -> None:
    fn = stacks.role_documents(d.c, "gitlab-runner-ci-function")
    expect_equal(sorted(fn["inline"]), ["decrypt-runner-document", "runner"], "function role has exactly its two inline policies")
    expect_equal(fn["attached"], [], "function role has no managed policy")
    expect_equal(fn["boundary"], d.boundary_arn, "function role has the permissions boundary when given")
    granted = sorted({a for doc in fn["inline"].values() for s in iampolicy.statements(doc) for a in iampolicy.as_list(s["Action"])})
    expect_equal(granted, sorted(["secretsmanager:GetSecretValue", "kms:Decrypt", "lambda:InvokeFunction", "logs:CreateLogStream",
                                  "logs:PutLogEvents", "xray:PutTelemetryRecords", "xray:PutTraceSegments"]),
                 "function role may do exactly: read its secret, decrypt, invoke itself, write its logs, X-Ray")
    runner = {s["Sid"]: s for s in iampolicy.statements(fn["inline"]["runner"])}
    expect_equal(runner["ReadRunnerSecret"]["Resource"], d.full["SecretArn"], "secret read is on the runner's secret only")
    expect_equal(runner["InvokeItself"]["Resource"], d.full["FunctionArn"], "self-invoke is on the function itself only")
    decrypt = iampolicy.statements(fn["inline"]["decrypt-runner-document"])[0]
    expect_equal((decrypt["Resource"], decrypt["Condition"]), (d.full["KmsKeyArn"], {"StringEquals": {"kms:EncryptionContext:runner": "ci"}}),
                 "decrypt is on the runner key, only under the runner's encryption context")
    check_apply_function_role(d, fn)
    minimal = stacks.role_documents(d.c, "gitlab-runner-lambda-terraform-function")
    mgranted = {a for doc in minimal["inline"].values() for s in iampolicy.statements(doc) for a in iampolicy.as_list(s["Action"])}
    expect(not any(a.startswith("xray:") for a in mgranted), "without X-Ray the function role gets no X-Ray permission", sorted(mgranted))
    expect_equal(minimal["boundary"], None, "no permissions boundary unless given")

    issuer = "gitlab.example.com"
    provider = d.full["OidcProviderArn"]
    got = d.c["iam"].get_open_id_connect_provider(OpenIDConnectProviderArn=provider)
    expect_equal((provider, got["Url"], got["ClientIDList"]), (f"arn:aws:iam::{stacks.ACCOUNT}:oidc-provider/{issuer}", issuer, ["sts.amazonaws.com"]),
                 "IAM OIDC provider for the GitLab URL, audience sts.amazonaws.com")
    plan, apply = (stacks.role_documents(d.c, f"gitlab-runner-ci-{r}") for r in ("plan", "apply"))
    projects = {"StringEquals": {f"{issuer}:aud": "sts.amazonaws.com"},
                "StringLike": {f"{issuer}:sub": ["project_path:platform/infra:ref_type:branch:ref:*", "project_path:platform/dns:ref_type:branch:ref:*"]}}
    expect_equal(iampolicy.by_sid(plan["trust"]),
                 {"GitLabJobsOfProjects": iampolicy.normalized({"Sid": "GitLabJobsOfProjects", "Effect": "Allow", "Principal": {"Federated": provider},
                                                                "Action": "sts:AssumeRoleWithWebIdentity", "Condition": projects})},
                 "plan role trusts ID tokens of any branch of the listed projects, audience checked")
    deny = apply["trust"]["Statement"][1]
    expect_equal((deny["Effect"], deny["Condition"]), ("Deny", {"StringNotLike": {f"{issuer}:sub": "project_path:*:ref_type:branch:ref:main"}}),
                 "apply role refuses every ref but the apply branch")
    expect_equal(iampolicy.normalized(apply["trust"]["Statement"][0]), iampolicy.by_sid(plan["trust"])["GitLabJobsOfProjects"],
                 "apply role trusts the same projects and audience")
    expect_equal((plan["attached"], apply["attached"], plan["inline"], apply["inline"]), ([d.plan_policy], [d.apply_policy], {}, {}),
                 "plan and apply roles have only the managed policies given as parameters")
    check_trust_gate(plan, apply, provider, issuer)
    minimal_plan = stacks.role_documents(d.c, "gitlab-runner-lambda-terraform-plan")
    expect_equal(minimal_plan["attached"], [], "without PlanPolicyArns the plan role has no permission at all")
    expect_equal(iampolicy.statements(minimal_plan["trust"])[0]["Principal"]["Federated"], provider,
                 "ExistingOidcProviderArn is trusted instead of a new provider")


def check_apply_function_role(d: Deployment, plan_fn: dict) -> None:
    """The apply function's role: the same kind of grants, on the apply runner's secret, context, function and log
    group only; neither role reaches the other runner's secret, document or function."""
    fn = stacks.role_documents(d.c, "gitlab-runner-ci-apply-function")
    expect_equal((sorted(fn["inline"]), fn["attached"], fn["boundary"]), (["decrypt-runner-document", "runner"], [], d.boundary_arn),
                 "apply function role has its two inline policies, no managed policy, the permissions boundary")
    runner = {s["Sid"]: s for s in iampolicy.statements(fn["inline"]["runner"])}
    expect_equal((runner["ReadRunnerSecret"]["Resource"], runner["InvokeItself"]["Resource"]), (d.full["ApplySecretArn"], d.full["ApplyFunctionArn"]),
                 "apply function role reads only the apply secret and invokes only the apply function")
    decrypt = iampolicy.statements(fn["inline"]["decrypt-runner-document"])[0]
    expect_equal(decrypt["Condition"], {"StringEquals": {"kms:EncryptionContext:runner": "ci-apply"}},
                 "apply function role decrypts only under the apply runner's context")
    crossing = []
    for label, docs, other_secret, other_function, other_context in (
            ("plan", plan_fn, d.full["ApplySecretArn"], d.full["ApplyFunctionArn"], "ci-apply"),
            ("apply", fn, d.full["SecretArn"], d.full["FunctionArn"], "ci")):
        documents = list(docs["inline"].values())
        crossing += [(label, x, r) for x, r in [("secretsmanager:GetSecretValue", other_secret), ("lambda:InvokeFunction", other_function)]
                     if iampolicy.allowing(documents, x, r)]
        contexts = [c for doc in documents for s in iampolicy.statements(doc) if "kms:Decrypt" in iampolicy.as_list(s["Action"])
                    for c in iampolicy.as_list(s.get("Condition", {}).get("StringEquals", {}).get("kms:EncryptionContext:runner"))]
        if other_context in contexts or not contexts:
            crossing.append((label, "kms:Decrypt", contexts))
    expect(not crossing, "neither function role reads, decrypts or invokes anything of the other runner", crossing)


# (sub, whether the plan role trusts it, whether the apply role trusts it) for the FULL stack: platform/infra and
# platform/dns listed, apply branch main.
TRUST_CASES = [
    ("project_path:platform/infra:ref_type:branch:ref:main", True, True),
    ("project_path:platform/dns:ref_type:branch:ref:main", True, True),
    ("project_path:platform/infra:ref_type:branch:ref:feature/x", True, False),
    ("project_path:platform/infra:ref_type:branch:ref:main-hotfix", True, False),
    ("project_path:platform/infra:ref_type:tag:ref:main", False, False),
    ("project_path:platform/infra-fork:ref_type:branch:ref:main", False, False),
    ("project_path:someone/infra:ref_type:branch:ref:main", False, False),
]


def check_trust_gate(plan: dict, apply: dict, provider: str, issuer: str) -> None:
    """The apply role's trust policy is the gate for keyless apply (any job can mint an ID token with the audience):
    evaluated for the subs a job could present, only the apply branch of the listed projects gets in."""
    wrong = []
    for sub, plan_ok, apply_ok in TRUST_CASES:
        claims = {f"{issuer}:sub": sub, f"{issuer}:aud": "sts.amazonaws.com"}
        got = (iampolicy.trusts_web_identity(plan["trust"], provider, claims), iampolicy.trusts_web_identity(apply["trust"], provider, claims))
        if got != (plan_ok, apply_ok):
            wrong.append((sub, "plan/apply trusted", got, "expected", (plan_ok, apply_ok)))
    other_aud = {f"{issuer}:sub": TRUST_CASES[0][0], f"{issuer}:aud": "https://vault.example.com"}
    if iampolicy.trusts_web_identity(plan["trust"], provider, other_aud) or iampolicy.trusts_web_identity(apply["trust"], provider, other_aud):
        wrong.append(("a token for another audience is trusted",))
    expect(not wrong, f"trust policies evaluated for {len(TRUST_CASES) + 1} ID tokens: the apply role only for the apply branch"
                      " of the listed projects, the plan role for any of their branches, both only with the audience", wrong)


def check_schedule(d: Deployment) -> None:
    schedule = d.c["scheduler"].get_schedule(Name="gitlab-runner-ci-poll")
    target = schedule["Target"]
    expect_equal((schedule["ScheduleExpression"], schedule["State"], schedule["FlexibleTimeWindow"]["Mode"]),
                 ("rate(10 minutes)", "ENABLED", "OFF"), "schedule runs at PollRate, on time")
    expect_equal((target["Arn"], json.loads(target["Input"]), target["RetryPolicy"]["MaximumRetryAttempts"]),
                 (d.full["FunctionArn"], {"trigger": "schedule"}, 0), "schedule invokes the function with {\"trigger\":\"schedule\"}, no retries")
    role = stacks.role_documents(d.c, "gitlab-runner-ci-scheduler")
    expect_equal(target["RoleArn"], role["arn"], "schedule uses its own role")
    trust = iampolicy.statements(role["trust"])[0]
    expect_equal((trust["Principal"], trust["Condition"]), ({"Service": "scheduler.amazonaws.com"}, {"StringEquals": {"aws:SourceAccount": stacks.ACCOUNT}}),
                 "scheduler role is for EventBridge Scheduler of this account only")
    granted = [(s["Action"], sorted(iampolicy.as_list(s["Resource"]))) for doc in role["inline"].values() for s in iampolicy.statements(doc)]
    expect_equal(granted, [("lambda:InvokeFunction", sorted([d.full["FunctionArn"], d.full["ApplyFunctionArn"]]))],
                 "scheduler role may only invoke the two functions")
    apply = d.c["scheduler"].get_schedule(Name="gitlab-runner-ci-apply-poll")
    expect_equal((apply["ScheduleExpression"], apply["Target"]["Arn"], apply["Target"]["RoleArn"], json.loads(apply["Target"]["Input"])),
                 ("rate(10 minutes)", d.full["ApplyFunctionArn"], role["arn"], {"trigger": "schedule"}),
                 "the apply function has its own poll schedule")
    expect_equal(role["boundary"], d.boundary_arn, "scheduler role has the permissions boundary when given")


def check_outputs(d: Deployment) -> None:
    expect_equal(sorted(d.full), sorted(["FunctionName", "FunctionArn", "FunctionUrl", "SecretArn", "KmsKeyArn", "KmsKeyAlias", "RunnerName",
                                         "ApplyFunctionName", "ApplyFunctionArn", "ApplyFunctionUrl", "ApplySecretArn", "ApplyRunnerName",
                                         "PlanRoleArn", "ApplyRoleArn", "OidcProviderArn", "LogGroupName", "TerraformLayerArn"]),
                 "stack outputs what register, secrets put, keepalive and the webhook need")


def run_stack() -> None:
    with Deployment() as d:
        check_function(d)
        check_secret_and_key(d)
        check_roles(d)
        check_schedule(d)
        check_outputs(d)


# ---- IAM: wildcards, SAM/Terraform parity, who may do what ----

STACK_POLICIES = stacks.TERRAFORM / "modules" / "stack-policies"
BOOTSTRAP_POLICIES = stacks.TERRAFORM / "modules" / "bootstrap-policies"


def bootstrap_inputs(runner: str) -> dict:
    return {"runner_name": runner, "gitlab_url": "https://gitlab.example.com", "partition": "aws", "region": stacks.REGION,
            "account_id": stacks.ACCOUNT, "artifacts_bucket": stacks.ARTIFACTS,
            "keyless_policy_arns": [f"arn:aws:iam::{stacks.ACCOUNT}:policy/terraform-plan", f"arn:aws:iam::{stacks.ACCOUNT}:policy/terraform-apply"]}


def render_bootstrap(runner: str) -> dict:
    return stacks.render_terraform({"b": ("modules/bootstrap-policies", bootstrap_inputs(runner))})["b"]


def stack_inputs(d: Deployment) -> dict:
    """The stack-policies inputs that describe the FULL deployment."""
    f = d.full
    return {"runner_name": "ci", "gitlab_url": FULL["GitLabUrl"], "partition": "aws", "region": stacks.REGION, "account_id": stacks.ACCOUNT,
            "secret_arn": f["SecretArn"], "key_arn": f["KmsKeyArn"], "function_role_arn": f"arn:aws:iam::{stacks.ACCOUNT}:role/gitlab-runner-ci-function",
            "function_arn": f["FunctionArn"], "apply_secret_arn": f["ApplySecretArn"], "apply_function_arn": f["ApplyFunctionArn"],
            "apply_function_role_arn": f"arn:aws:iam::{stacks.ACCOUNT}:role/gitlab-runner-ci-apply-function", "oidc_provider_arn": f["OidcProviderArn"], "plan_role_arn": f["PlanRoleArn"],
            "apply_role_arn": f["ApplyRoleArn"], "operator_principal_arns": FULL["OperatorPrincipalArns"].split(","),
            "project_paths": FULL["ProjectPaths"].split(","), "apply_branch": "main", "oidc_audience": "sts.amazonaws.com",
            "keyless_token_variable": "GITLAB_OIDC_TOKEN", "max_job_timeout": "PT12M", "lambda_reserve": "PT90S",
            "tofu_path": FULL["TofuPath"], "provider_mirror_dir": FULL["ProviderMirrorDir"], "xray_tracing": True}


def sam_documents(d: Deployment) -> dict:
    """Every policy document of the deployed FULL stack, by the stack-policies output that writes the same."""
    fn = stacks.role_documents(d.c, "gitlab-runner-ci-function")
    apply_fn = stacks.role_documents(d.c, "gitlab-runner-ci-apply-function")
    scheduler = stacks.role_documents(d.c, "gitlab-runner-ci-scheduler")
    key = json.loads(d.c["kms"].get_key_policy(KeyId=d.full["KmsKeyArn"], PolicyName="default")["Policy"])
    return {
        "key_policy": key,
        "function_trust_policy": fn["trust"],
        "function_runner_policy": fn["inline"]["runner"],
        "function_key_policy": fn["inline"]["decrypt-runner-document"],
        "apply_function_trust_policy": apply_fn["trust"],
        "apply_function_runner_policy": apply_fn["inline"]["runner"],
        "apply_function_key_policy": apply_fn["inline"]["decrypt-runner-document"],
        "plan_trust_policy": stacks.role_documents(d.c, "gitlab-runner-ci-plan")["trust"],
        "apply_trust_policy": stacks.role_documents(d.c, "gitlab-runner-ci-apply")["trust"],
        "scheduler_trust_policy": scheduler["trust"],
        "scheduler_policy": scheduler["inline"]["invoke-runner"],
    }


def check_all_wildcards(sam: dict, tf_stack: dict, tf_boot: dict, lambda_policy: dict) -> None:
    problems = []
    for name, doc in sam.items():
        problems += iampolicy.check_wildcards(f"SAM {name}", doc, [stacks.TEMPLATE])
    problems += iampolicy.check_wildcards("SAM function resource policy", lambda_policy, [stacks.TEMPLATE])
    for name, doc in tf_stack.items():
        problems += iampolicy.check_wildcards(f"Terraform stack-policies {name}", doc, sorted(STACK_POLICIES.glob("*.tf")))
    for name, doc in tf_boot.items():
        problems += iampolicy.check_wildcards(f"Terraform bootstrap-policies {name}", doc, sorted(BOOTSTRAP_POLICIES.glob("*.tf")))
    for p in problems:
        fail(p)
    total = sum(len(iampolicy.statements(doc)) for doc in [*sam.values(), lambda_policy, *tf_stack.values(), *tf_boot.values()])
    if not problems:
        ok(f"every wildcard in {total} statements has a Wildcard* Sid and a '# wildcard:' justification")


def check_public_principals(documents: dict) -> None:
    for name, doc in documents.items():
        for s in iampolicy.statements(doc):
            principal = s.get("Principal")
            public = principal == "*" or (isinstance(principal, dict) and "*" in iampolicy.as_list(principal.get("AWS")))
            if not public or s["Effect"] == "Deny":
                continue
            url_only = s.get("FunctionUrlAuthType") == "NONE" or s.get("InvokedViaFunctionUrl") is True
            expect(name == "function resource policy" and url_only, f"{name}: Principal * ({s.get('Sid')}) is only the Function URL's")


# SAM documents that Terraform writes once for both functions.
TF_SHARED = {"apply_function_trust_policy": "function_trust_policy"}


def tf_documents(rendered: dict, keys) -> dict:
    return {k: json.loads(rendered[TF_SHARED.get(k, k)]) for k in keys}


def check_parity(d: Deployment, sam: dict, tf: dict) -> None:
    for name, doc in sam.items():
        expect_equal(iampolicy.by_sid(tf[name]), iampolicy.by_sid(doc), f"{name}: Terraform writes the same statements as SAM")
    for fn, key in (("gitlab-runner-ci", "environment"), ("gitlab-runner-ci-apply", "apply_environment")):
        env = d.c["lambda"].get_function_configuration(FunctionName=fn)["Environment"]["Variables"]
        expect_equal(tf[key], env, f"function environment of {fn}: Terraform sets the same names and values as SAM")
    names = tf["names"]
    sam_names = {
        "function": d.full["FunctionName"], "log_group": d.full["LogGroupName"], "key_alias": d.full["KmsKeyAlias"],
        "layer": d.full["TerraformLayerArn"].split(":")[6], "schedule": "gitlab-runner-ci-poll",
        "secret": d.c["secretsmanager"].describe_secret(SecretId=d.full["SecretArn"])["Name"],
        "function_role": "gitlab-runner-ci-function", "scheduler_role": "gitlab-runner-ci-scheduler",
        "apply_function": d.full["ApplyFunctionName"], "apply_function_role": "gitlab-runner-ci-apply-function",
        "apply_secret": d.c["secretsmanager"].describe_secret(SecretId=d.full["ApplySecretArn"])["Name"],
        "apply_log_group": "/aws/lambda/gitlab-runner-ci-apply", "apply_schedule": "gitlab-runner-ci-apply-poll",
        "plan_role": d.full["PlanRoleArn"].split("/")[-1], "apply_role": d.full["ApplyRoleArn"].split("/")[-1],
    }
    d.c["logs"].describe_log_groups(logGroupNamePrefix=sam_names["apply_log_group"])
    d.c["scheduler"].get_schedule(Name=sam_names["apply_schedule"])
    for role in ("function_role", "scheduler_role", "apply_function_role"):
        d.c["iam"].get_role(RoleName=sam_names[role])
    expect_equal({k: names[k] for k in sam_names}, sam_names, "resource names: Terraform names everything as SAM does")
    expect_equal(json.loads(tf["schedule_input"]), {"trigger": "schedule"}, "schedule input: the same in Terraform")


CFN_TO_TF = {
    "AWS::KMS::Key": "aws_kms_key", "AWS::KMS::Alias": "aws_kms_alias", "AWS::SecretsManager::Secret": "aws_secretsmanager_secret",
    "AWS::Logs::LogGroup": "aws_cloudwatch_log_group", "AWS::IAM::Role": "aws_iam_role", "AWS::IAM::OIDCProvider": "aws_iam_openid_connect_provider",
    "AWS::Lambda::Function": "aws_lambda_function", "AWS::Lambda::LayerVersion": "aws_lambda_layer_version",
    "AWS::Lambda::Url": "aws_lambda_function_url", "AWS::Lambda::Permission": "aws_lambda_permission",
    "AWS::Lambda::EventInvokeConfig": "aws_lambda_function_event_invoke_config", "AWS::Scheduler::Schedule": "aws_scheduler_schedule",
}
# What `sam deploy` does itself rather than the template: upload function.zip and the layer zip.
TF_ONLY = {"aws_s3_object": 2}


def check_kinds(template: dict) -> None:
    resources = template["Resources"].values()
    kinds = {}
    for r in resources:
        t = r["Type"]
        if t == "AWS::IAM::Policy":
            kinds["aws_iam_role_policy"] = kinds.get("aws_iam_role_policy", 0) + 1
            continue
        if t not in CFN_TO_TF:
            fail(f"resource kind {t} of the SAM stack has no Terraform counterpart in the parity check")
            continue
        kinds[CFN_TO_TF[t]] = kinds.get(CFN_TO_TF[t], 0) + 1
        props = r.get("Properties", {})
        if t == "AWS::IAM::Role":
            kinds["aws_iam_role_policy"] = kinds.get("aws_iam_role_policy", 0) + len(props.get("Policies", []))
            if "ManagedPolicyArns" in props:
                kinds["aws_iam_role_policy_attachment"] = kinds.get("aws_iam_role_policy_attachment", 0) + 1
    tf = {}
    for kind, _ in stacks.resource_blocks(stacks.TERRAFORM / "runner"):
        tf[kind] = tf.get(kind, 0) + 1
    for kind, count in TF_ONLY.items():
        expect_equal(tf.pop(kind, 0), count, f"Terraform-only {kind} (what sam deploy uploads)")
    expect_equal(tf, kinds, "resource kinds and counts: the Terraform runner module has what the SAM stack has")


def check_env_names(template: dict, tf: dict) -> None:
    for resource, key in (("RunnerFunction", "environment"), ("ApplyFunction", "apply_environment")):
        sam = sorted(template["Resources"][resource]["Properties"]["Environment"]["Variables"])
        expect_equal(sorted(tf[key]), sam, f"environment variable names of {resource}: SAM and Terraform use the same (contract) names")


def check_policy_sizes(boot: dict, tf: dict) -> None:
    for name in ("operator_policy", "keepalive_policy", "permissions_boundary_policy"):
        size = iampolicy.compact_size(boot[name])
        expect(size <= 6144, f"{name} fits a managed policy ({size} of 6144 characters)")
    for name, text in boot["setup_policies"].items():
        size = iampolicy.compact_size(text)
        expect(size <= 6144, f"setup policy {name} fits a managed policy ({size} of 6144 characters)")
    for name in ("plan_trust_policy", "apply_trust_policy", "function_trust_policy", "scheduler_trust_policy"):
        size = iampolicy.compact_size(tf[name])
        expect(size <= 2048, f"{name} fits the default trust policy quota ({size} of 2048 characters)")


def stack_arns(d: Deployment) -> dict:
    cfn = d.c["cloudformation"]
    resources = cfn.describe_stack_resources(StackName="gitlab-runner-ci")["StackResources"]
    return {
        "stack": cfn.describe_stacks(StackName="gitlab-runner-ci")["Stacks"][0]["StackId"],
        "types": sorted({r["ResourceType"] for r in resources}),
    }


def per_function_needs(d: Deployment, fn: str, fn_role: str, log_group: str, secret: str, schedule: str) -> dict:
    """What deploying one of the two functions with its own role, secret, log group, URL and schedule needs."""
    r, a = stacks.REGION, stacks.ACCOUNT
    return {
        "AWS::SecretsManager::Secret": [(x, secret) for x in ("secretsmanager:CreateSecret", "secretsmanager:DescribeSecret",
                                                              "secretsmanager:TagResource", "secretsmanager:DeleteSecret")],
        "AWS::Logs::LogGroup": [("logs:CreateLogGroup", log_group), ("logs:PutRetentionPolicy", log_group + ":*"),
                                ("logs:DeleteLogGroup", log_group + ":*"), ("logs:DescribeLogGroups", f"arn:aws:logs:{r}:{a}:log-group:*")],
        "AWS::IAM::Role": [(x, fn_role) for x in ("iam:CreateRole", "iam:GetRole", "iam:DeleteRole", "iam:TagRole", "iam:PutRolePolicy",
                                                   "iam:DeleteRolePolicy")],
        "AWS::IAM::Policy": [("iam:PutRolePolicy", fn_role)],
        "AWS::Lambda::Function": [(x, fn) for x in ("lambda:CreateFunction", "lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration",
                                                    "lambda:GetFunction", "lambda:PutFunctionConcurrency", "lambda:TagResource", "lambda:DeleteFunction")]
                                 + [("iam:PassRole", fn_role)],
        "AWS::Lambda::Url": [("lambda:CreateFunctionUrlConfig", fn), ("lambda:DeleteFunctionUrlConfig", fn)],
        "AWS::Lambda::Permission": [("lambda:AddPermission", fn), ("lambda:RemovePermission", fn)],
        "AWS::Lambda::EventInvokeConfig": [("lambda:PutFunctionEventInvokeConfig", fn + ":$LATEST"), ("lambda:PutFunctionEventInvokeConfig", fn)],
        "AWS::Scheduler::Schedule": [("scheduler:CreateSchedule", f"arn:aws:scheduler:{r}:{a}:schedule/default/{schedule}")],
    }


def required_for_deploy(d: Deployment) -> list:
    """(action, resource) pairs a deployment of the FULL stack by the setup identity needs, by resource kind."""
    f, a, r = d.full, stacks.ACCOUNT, stacks.REGION
    fn, fn_role = f["FunctionArn"], f"arn:aws:iam::{a}:role/gitlab-runner-ci-function"
    scheduler_role = f"arn:aws:iam::{a}:role/gitlab-runner-ci-scheduler"
    log_group = f"arn:aws:logs:{r}:{a}:log-group:/aws/lambda/gitlab-runner-ci"
    layer_version = f["TerraformLayerArn"]
    by_kind = per_function_needs(d, fn, fn_role, log_group, f["SecretArn"], "gitlab-runner-ci-poll")
    apply = per_function_needs(d, f["ApplyFunctionArn"], f"arn:aws:iam::{a}:role/gitlab-runner-ci-apply-function",
                               f"{log_group}-apply", f["ApplySecretArn"], "gitlab-runner-ci-apply-poll")
    for kind, needs in apply.items():
        by_kind[kind] = by_kind[kind] + needs
    by_kind.update({
        "AWS::KMS::Key": [("kms:CreateKey", "*"), ("kms:TagResource", "*"), ("kms:DescribeKey", f["KmsKeyArn"]), ("kms:PutKeyPolicy", f["KmsKeyArn"]),
                          ("kms:EnableKeyRotation", f["KmsKeyArn"]), ("kms:GetKeyPolicy", f["KmsKeyArn"]), ("kms:ScheduleKeyDeletion", f["KmsKeyArn"])],
        "AWS::KMS::Alias": [("kms:CreateAlias", f"arn:aws:kms:{r}:{a}:alias/gitlab-runner-ci"), ("kms:CreateAlias", f["KmsKeyArn"]),
                            ("kms:DeleteAlias", f"arn:aws:kms:{r}:{a}:alias/gitlab-runner-ci"), ("kms:ListAliases", "*")],
        "AWS::IAM::Role": [(x, role) for role in (scheduler_role, f["PlanRoleArn"], f["ApplyRoleArn"])
                           for x in ("iam:CreateRole", "iam:GetRole", "iam:DeleteRole", "iam:TagRole")]
                          + [("iam:PutRolePolicy", scheduler_role), ("iam:AttachRolePolicy", f["PlanRoleArn"]),
                             ("iam:AttachRolePolicy", f["ApplyRoleArn"])] + by_kind["AWS::IAM::Role"],
        "AWS::IAM::OIDCProvider": [("iam:CreateOpenIDConnectProvider", f["OidcProviderArn"]), ("iam:TagOpenIDConnectProvider", f["OidcProviderArn"]),
                                   ("iam:GetOpenIDConnectProvider", f["OidcProviderArn"])],
        "AWS::Lambda::Function": [("lambda:GetLayerVersion", layer_version), ("s3:GetObject", f"arn:aws:s3:::{stacks.ARTIFACTS}/function.zip")]
                                 + by_kind["AWS::Lambda::Function"],
        "AWS::Lambda::LayerVersion": [("lambda:PublishLayerVersion", layer_version.rsplit(":", 1)[0]), ("lambda:DeleteLayerVersion", layer_version),
                                      ("s3:GetObject", f"arn:aws:s3:::{stacks.ARTIFACTS}/terraform-layer.zip")],
        "AWS::Scheduler::Schedule": [("iam:PassRole", scheduler_role)] + by_kind["AWS::Scheduler::Schedule"],
    })
    arns = stack_arns(d)
    needed = [(x, arns["stack"]) for x in ("cloudformation:CreateChangeSet", "cloudformation:ExecuteChangeSet", "cloudformation:DescribeChangeSet",
                                           "cloudformation:DescribeStacks", "cloudformation:DescribeStackEvents", "cloudformation:GetTemplate",
                                           "cloudformation:DeleteStack")]
    needed += [("cloudformation:CreateChangeSet", f"arn:aws:cloudformation:{r}:aws:transform/Serverless-2016-10-31"),
               ("s3:PutObject", f"arn:aws:s3:::{stacks.ARTIFACTS}/9f86d081884c7d659a2feaa0c55ad015.template"),
               ("s3:ListBucket", f"arn:aws:s3:::{stacks.ARTIFACTS}")]
    for kind in arns["types"]:
        if kind not in by_kind:
            fail(f"setup identity check does not know {kind}: add what deploying it needs here and to the setup policy")
        needed += by_kind.get(kind, [])
    return needed


def check_identities(d: Deployment, boot: dict) -> None:
    f, a, r = d.full, stacks.ACCOUNT, stacks.REGION
    setup = [json.loads(t) for t in boot["setup_policies"].values()]
    missing = [(x, res) for x, res in required_for_deploy(d) if not iampolicy.allowing(setup, x, res)]
    expect(not missing, "setup identity may deploy and update every resource of the stack", missing)
    other = "arn:aws:iam::%s:role/admin" % a
    forbidden = [
        ("secretsmanager:GetSecretValue", f["SecretArn"]), ("secretsmanager:PutSecretValue", f["SecretArn"]),
        ("kms:Decrypt", f["KmsKeyArn"]), ("kms:Encrypt", f["KmsKeyArn"]), ("kms:GenerateDataKey", f["KmsKeyArn"]),
        ("lambda:InvokeFunction", f["FunctionArn"]), ("iam:CreateRole", other), ("iam:PutRolePolicy", other),
        ("iam:PutRolePolicy", f["PlanRoleArn"]), ("iam:DeleteRolePermissionsBoundary", f"arn:aws:iam::{a}:role/gitlab-runner-ci-function"),
        ("iam:PutRolePermissionsBoundary", f"arn:aws:iam::{a}:role/gitlab-runner-ci-function"),
        ("iam:CreatePolicyVersion", d.boundary_arn), ("iam:AttachUserPolicy", f"arn:aws:iam::{a}:user/gitlab-runner-terraform-setup"),
        ("iam:CreateUser", f"arn:aws:iam::{a}:user/x"), ("lambda:UpdateFunctionCode", f"arn:aws:lambda:{r}:{a}:function:other"),
        ("cloudformation:CreateChangeSet", f"arn:aws:cloudformation:{r}:{a}:stack/other/1"), ("s3:GetObject", "arn:aws:s3:::other/x"),
        ("secretsmanager:CreateSecret", f"arn:aws:secretsmanager:{r}:{a}:secret:other-AbCdEf"),
        ("iam:CreateOpenIDConnectProvider", f"arn:aws:iam::{a}:oidc-provider/token.actions.githubusercontent.com"),
        ("sts:AssumeRole", f["ApplyRoleArn"]), ("secretsmanager:GetSecretValue", f["ApplySecretArn"]),
        ("lambda:InvokeFunction", f["ApplyFunctionArn"]),
    ]
    granted = [(x, res, iampolicy.allowing(setup, x, res)) for x, res in forbidden if iampolicy.allowing(setup, x, res)]
    expect(not granted, f"setup identity may do none of {len(forbidden)} things outside deploying this stack (values, other resources, IAM escalation)", granted)
    bounded = [s for doc in setup for s in iampolicy.statements(doc) if "iam:PutRolePolicy" in iampolicy.as_list(s["Action"])]
    expect(bool(bounded) and all(s.get("Condition") == {"StringEquals": {"iam:PermissionsBoundary": d.boundary_arn}} for s in bounded),
           "setup identity writes inline role policies only on roles that carry the bootstrap's permissions boundary", bounded)

    boundary = json.loads(boot["permissions_boundary_policy"])
    for role in ("gitlab-runner-ci-function", "gitlab-runner-ci-apply-function"):
        fn_role = stacks.role_documents(d.c, role)
        needs = [(x, s["Resource"]) for doc in fn_role["inline"].values() for s in iampolicy.statements(doc) for x in iampolicy.as_list(s["Action"])]
        outside = [(x, res) for x, res in needs if not iampolicy.allowing([boundary], x, res)]
        expect(not outside, f"role {role} works inside the permissions boundary", outside)
    beyond = [(x, res) for x, res in [("secretsmanager:GetSecretValue", f"arn:aws:secretsmanager:{r}:{a}:secret:other-AbCdEf"),
                                       ("lambda:InvokeFunction", f"arn:aws:lambda:{r}:{a}:function:other"), ("s3:GetObject", "arn:aws:s3:::x/y"),
                                       ("iam:PassRole", "*"), ("kms:Encrypt", f["KmsKeyArn"])] if iampolicy.allowing([boundary], x, res)]
    expect(not beyond, "the permissions boundary allows nothing else", beyond)

    operator = [json.loads(boot["operator_policy"])]
    secrets = (f["SecretArn"], f["ApplySecretArn"])
    expect(all(iampolicy.allowing(operator, x, res) for x, res in [("kms:Encrypt", f["KmsKeyArn"])]
               + [(x, s) for s in secrets for x in ("secretsmanager:PutSecretValue", "secretsmanager:DescribeSecret", "secretsmanager:CreateSecret")]),
           "operator may encrypt with the runner key and write and describe both runners' secrets")
    contexts = [s["Condition"]["StringEquals"]["kms:EncryptionContext:runner"] for s in iampolicy.statements(operator[0])
                if s["Action"] == "kms:Encrypt"]
    expect_equal(contexts, [["ci", "ci-apply"]], "operator encrypts only under the two runners' contexts")
    expect(not any(iampolicy.allowing(operator, x, res) for x, res in [("kms:Decrypt", f["KmsKeyArn"]), ("lambda:InvokeFunction", f["FunctionArn"])]
                   + [("secretsmanager:GetSecretValue", s) for s in secrets]),
           "operator can neither decrypt nor read a secret value nor invoke a function")
    keepalive = [json.loads(boot["keepalive_policy"])]
    actions = sorted({x for doc in keepalive for s in iampolicy.statements(doc) for x in iampolicy.as_list(s["Action"])})
    resources = sorted({x for doc in keepalive for s in iampolicy.statements(doc) for x in iampolicy.as_list(s["Resource"])})
    expect_equal((actions, resources), (["lambda:InvokeFunction"], sorted([f["FunctionArn"], f["ApplyFunctionArn"]])),
                 "keep-alive identity may invoke the two functions and do nothing else")


def check_documented(documents: dict) -> None:
    """docs/minimum-privileges.md has a table row for every statement, naming its Sid and all its actions."""
    doc = (stacks.REPO / "docs" / "minimum-privileges.md").read_text()
    rows = [line for line in doc.splitlines() if line.startswith("| `")]
    missing = []
    for name, document in documents.items():
        for s in iampolicy.statements(document):
            sid = s.get("Sid", "")
            actions = iampolicy.as_list(s.get("Action"))
            if not any(row.startswith(f"| `{sid}` |") and all(f"`{a}`" in row for a in actions) for row in rows):
                missing.append(f"{name}: {sid} {actions}")
    expect(not missing, "docs/minimum-privileges.md lists every statement with all its actions", missing)


def run_iam() -> None:
    with Deployment() as d:
        sam = sam_documents(d)
        lambda_policy = json.loads(d.c["lambda"].get_policy(FunctionName="gitlab-runner-ci")["Policy"])
        rendered = stacks.render_terraform({"s": ("modules/stack-policies", stack_inputs(d)), "b": ("modules/bootstrap-policies", bootstrap_inputs("ci"))})
        tf, boot = rendered["s"], rendered["b"]
        tf_docs = tf_documents(tf, sam.keys())
        boot_docs = {k: json.loads(boot[k]) for k in ("operator_policy", "keepalive_policy", "permissions_boundary_policy", "artifacts_bucket_policy")}
        boot_docs.update({f"setup_policies.{k}": json.loads(v) for k, v in boot["setup_policies"].items()})
        check_all_wildcards(sam, tf_docs, boot_docs, lambda_policy)
        check_public_principals({**{f"SAM {k}": v for k, v in sam.items()}, "function resource policy": lambda_policy,
                                 **{f"bootstrap {k}": v for k, v in boot_docs.items() if k != "artifacts_bucket_policy"}})
        check_key_policy(tf_docs["key_policy"], operators=[FULL["OperatorPrincipalArns"]], decrypters=function_roles("ci"),
                         label="Terraform key policy")
        check_parity(d, sam, {**tf_docs, "environment": tf["environment"], "apply_environment": tf["apply_environment"], "names": tf["names"],
                              "schedule_input": tf["schedule_input"]})
        check_kinds(d.full_template)
        check_env_names(d.full_template, tf)
        check_policy_sizes(boot, tf)
        check_identities(d, boot)
        check_documented({**tf_docs, **boot_docs})


# ---- Terraform, offline: references a `terraform validate` would check, the README tables ----

def hcl(directory: Path) -> str:
    return "\n".join(p.read_text() for p in sorted(directory.glob("*.tf")))


def declared(text: str, kind: str) -> set:
    return set(re.findall(rf'^{kind} "([a-z0-9_]+)"', text, re.M))


def strip_strings_and_comments(text: str) -> str:
    """HCL with comments removed and string literals emptied, keeping the expressions inside ${...}."""
    return _scan_code(text, 0, False)[0]


def _scan_code(text: str, i: int, in_interpolation: bool):
    out, depth = [], 0
    while i < len(text):
        c = text[i]
        if c == "#" or text.startswith("//", i):
            i = text.find("\n", i)
            i = len(text) if i < 0 else i
        elif text.startswith("/*", i):
            i = text.index("*/", i) + 2
        elif c == '"':
            inner, i = _scan_string(text, i + 1)
            out.append('"' + inner + '"')
        elif c == "{":
            depth += 1
            out.append(c)
            i += 1
        elif c == "}":
            if in_interpolation and depth == 0:
                return "".join(out), i + 1
            depth -= 1
            out.append(c)
            i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out), i


def _scan_string(text: str, i: int):
    out = []
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
        elif c == '"':
            return "".join(out), i + 1
        elif text.startswith("${", i) or text.startswith("%{", i):
            inner, i = _scan_code(text, i + 2, True)
            out.append(" " + inner + " ")
        else:
            i += 1
    raise ValueError("unterminated string")


def module_calls(text: str) -> dict:
    """name -> (source, argument names) of every module block."""
    calls = {}
    for m in re.finditer(r'^module "(\w+)" \{\n(.*?)^\}', text, re.M | re.S):
        body = m.group(2)
        source = re.search(r'source\s*=\s*"([^"]+)"', body).group(1)
        args = set(re.findall(r"^\s{2}(\w+)\s*=", body, re.M)) - {"source"}
        calls[m.group(1)] = (source, args)
    return calls


def check_module_directory(directory: Path) -> None:
    text = hcl(directory)
    code = strip_strings_and_comments(text)
    label = directory.relative_to(stacks.REPO)
    variables = declared(text, "variable")
    used_vars = set(re.findall(r"\bvar\.([a-z0-9_]+)", text))
    expect(used_vars <= variables, f"{label}: every var.* is declared", sorted(used_vars - variables))
    expect(variables <= used_vars, f"{label}: every declared variable is used", sorted(variables - used_vars))
    resources = set(re.findall(r'^resource "([a-z0-9_]+)" "([a-z0-9_]+)"', text, re.M))
    # A moved block's `from` names an address that is gone on purpose; its `to` must exist like any reference.
    refs = set(re.findall(r"(?<![\w.])(aws_[a-z0-9_]+)\.([a-z0-9_]+)", re.sub(r"^\s*from\s*=.*$", "", code, flags=re.M)))
    expect(refs <= resources, f"{label}: every resource reference names a resource block", sorted(refs - resources))
    datas = set(re.findall(r'^data "([a-z0-9_]+)" "([a-z0-9_]+)"', text, re.M))
    data_refs = set(re.findall(r"\bdata\.([a-z0-9_]+)\.([a-z0-9_]+)", code))
    expect(data_refs <= datas, f"{label}: every data reference names a data block", sorted(data_refs - datas))
    calls = module_calls(text)
    for name, (source, args) in calls.items():
        target = (directory / source).resolve()
        target_text = hcl(target)
        target_vars = declared(target_text, "variable")
        required = {v for v in target_vars if not re.search(rf'variable "{v}" \{{[^}}]*?\bdefault\s*=', target_text, re.S)}
        outputs = declared(target_text, "output")
        expect(args <= target_vars, f"{label}: module {name} gets only inputs {source} declares", sorted(args - target_vars))
        expect(required <= args, f"{label}: module {name} gets every required input of {source}", sorted(required - args))
        used = set(re.findall(rf"\bmodule\.{name}\.([a-z0-9_]+)", code))
        expect(used <= outputs, f"{label}: module.{name}.* names outputs of {source}", sorted(used - outputs))
    locals_defined = set(re.findall(r"^\s{2}([a-z0-9_]+)\s*=", "\n".join(re.findall(r"^locals \{\n(.*?)^\}", text, re.M | re.S)), re.M))
    locals_used = set(re.findall(r"\blocal\.([a-z0-9_]+)", code))
    expect(locals_used <= locals_defined, f"{label}: every local.* is defined", sorted(locals_used - locals_defined))


def check_names_use(directory: Path, via: str) -> None:
    """local.<via>.<key> / local.n.<key> must be keys of the names module's output."""
    names_text = (stacks.TERRAFORM / "modules" / "names" / "main.tf").read_text()
    keys = set(re.findall(r"^\s{4}([a-z_]+)\s*=", names_text, re.M))
    used = set(re.findall(rf"\blocal\.{via}\.([a-z0-9_]+)", strip_strings_and_comments(hcl(directory)) + hcl(directory)))
    expect(used <= keys, f"{directory.relative_to(stacks.REPO)}: local.{via}.* are names the names module has", sorted(used - keys))


def check_readme_tables() -> None:
    for name in ("runner", "bootstrap"):
        directory = stacks.TERRAFORM / name
        text = (directory / "README.md").read_text()
        rows = set(re.findall(r"^\| `([a-z0-9_]+)` \|", text, re.M))
        wanted = declared(hcl(directory), "variable") | declared(hcl(directory), "output")
        expect(rows == wanted, f"{name} README tables list every input and output, nothing else",
               f"missing {sorted(wanted - rows)}, extra {sorted(rows - wanted)}")


def run_terraform() -> None:
    t = stacks.TERRAFORM
    for directory in [t / "runner", t / "runner" / "examples" / "complete", t / "bootstrap", t / "modules" / "names",
                      t / "modules" / "stack-policies", t / "modules" / "bootstrap-policies"]:
        check_module_directory(directory)
    check_names_use(t / "runner", "names")
    check_names_use(t / "modules" / "stack-policies", "names")
    check_names_use(t / "modules" / "bootstrap-policies", "n")
    check_names_use(t / "bootstrap", "names")
    check_readme_tables()


# ---- the wildcard check itself ----

def run_selftest() -> None:
    source = stacks.WORK / "selftest-policy.yaml"
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_text("\n".join([
        "          # wildcard: the log streams are named by Lambda itself, one per environment.",
        "          - Sid: WildcardJustified",
        "          - Sid: WildcardNoComment",
        "          # wildcard: short",
        "          - Sid: WildcardShortReason",
        "          # wildcard: this one is justified but uses none at all.",
        "          - Sid: WildcardStale",
    ]))
    doc = {"Statement": [
        {"Sid": "WildcardJustified", "Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "arn:aws:logs:r:1:log-group:g:*"},
        {"Sid": "WildcardNoComment", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"},
        {"Sid": "WildcardShortReason", "Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b"},
        {"Sid": "PlainName", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"},
        {"Effect": "Allow", "Action": "iam:Get*", "Resource": "arn:aws:iam::1:role/x"},
        {"Sid": "SecretSuffix", "Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "arn:aws:secretsmanager:r:1:secret:s-??????"},
        {"Sid": "WildcardStale", "Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": "arn:aws:lambda:r:1:function:f"},
        {"Sid": "Negated", "Effect": "Allow", "NotAction": "iam:*", "Resource": "arn:aws:s3:::b"},
    ]}
    problems = iampolicy.check_wildcards("selftest", doc, [source])
    source.unlink()
    flagged = sorted({re.search(r"statement (\S+)", p).group(1) for p in problems})
    expect_equal(flagged, sorted(["WildcardNoComment", "WildcardShortReason", "PlainName", "(no", "SecretSuffix", "WildcardStale", "Negated"]),
                 "the wildcard check flags unjustified, unnamed, stale and negated wildcards and accepts the justified one")
    expect(iampolicy.allowing([doc], "LOGS:PutLogEvents", "arn:aws:logs:r:1:log-group:g:stream") and
           not iampolicy.allowing([doc], "logs:PutLogEvents", "arn:aws:logs:r:1:log-group:other:x") and
           not iampolicy.allowing([doc, {"Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}], "kms:Decrypt", "k"),
           "the evaluator matches actions case-insensitively, resources exactly, and a Deny wins")


def main() -> int:
    commands = {"stack": run_stack, "iam": run_iam, "terraform": run_terraform, "selftest": run_selftest}
    if len(sys.argv) != 2 or sys.argv[1] not in commands:
        print(f"usage: deploy_checks.py {'|'.join(commands)}", file=sys.stderr)
        return 2
    commands[sys.argv[1]]()
    if FAILURES:
        print(f"{len(FAILURES)} check(s) failed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
