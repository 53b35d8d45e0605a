"""The two stacks as the deploy checks see them: the SAM template translated and deployed to moto, and the
Terraform modules rendered offline (the provider-free modules only; the AWS provider cannot be downloaded)."""

import json
import os
import re
import shutil
import subprocess
import uuid
import zipfile
from pathlib import Path

import boto3
from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse

REPO = Path(__file__).resolve().parents[3]
TEMPLATE = REPO / "deploy" / "sam" / "template.yaml"
TERRAFORM = REPO / "deploy" / "terraform"
WORK = REPO / "target" / "deploy-tests"
REGION = "eu-central-1"
ACCOUNT = "123456789012"
ARTIFACTS = "gitlab-runner-artifacts"


class NoManagedPolicyLookups:
    """The template names no managed policy by name, so the translator must never ask IAM for one."""

    def load(self):
        raise AssertionError("the SAM translator asked for managed policies: the template must not use SAM policy names")


def translate(parameters: dict) -> dict:
    """deploy/sam/template.yaml as CloudFormation, with CodeUri/ContentUri replaced by S3 locations the way
    `sam deploy` uploads them. The parameters go to the translator too: CloudFormation's SAM transform sees
    them and resolves some properties (e.g. a layer's name) with them."""
    os.environ.setdefault("AWS_DEFAULT_REGION", REGION)
    template = yaml_parse(TEMPLATE.read_text())
    resources = template["Resources"]
    for function in ("RunnerFunction", "ApplyFunction"):
        assert resources[function]["Properties"]["CodeUri"] == "../../target/function.zip"
        resources[function]["Properties"]["CodeUri"] = f"s3://{ARTIFACTS}/function.zip"
    assert resources["TerraformLayer"]["Properties"]["ContentUri"] == "../layer/build/terraform-layer.zip"
    resources["TerraformLayer"]["Properties"]["ContentUri"] = f"s3://{ARTIFACTS}/terraform-layer.zip"
    return transform(template, dict(parameters), NoManagedPolicyLookups())


def clients(endpoint: str) -> dict:
    session = boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION)
    names = ["cloudformation", "iam", "kms", "lambda", "logs", "scheduler", "secretsmanager", "s3", "sts"]
    return {n: session.client(n, endpoint_url=endpoint) for n in names}


def _zip_bytes(name: str, content: bytes) -> bytes:
    path = WORK / f"{uuid.uuid4().hex}.zip"
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as z:
        info = zipfile.ZipInfo(name)
        info.external_attr = 0o755 << 16
        z.writestr(info, content)
    data = path.read_bytes()
    path.unlink()
    return data


def upload_artifacts(c: dict) -> None:
    """What `sam deploy --s3-bucket` uploads: a function.zip holding bootstrap, and the layer zip."""
    c["s3"].create_bucket(Bucket=ARTIFACTS, CreateBucketConfiguration={"LocationConstraint": REGION})
    c["s3"].put_object(Bucket=ARTIFACTS, Key="function.zip", Body=_zip_bytes("bootstrap", b"#!/bin/sh\n"))
    c["s3"].put_object(Bucket=ARTIFACTS, Key="terraform-layer.zip", Body=_zip_bytes("bin/terraform", b"#!/bin/sh\n"))


def deploy(c: dict, template: dict, stack: str, parameters: dict) -> dict:
    """Creates the stack through moto's CloudFormation API; returns its outputs."""
    c["cloudformation"].create_stack(
        StackName=stack,
        TemplateBody=json.dumps(template),
        Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in parameters.items()],
        Capabilities=["CAPABILITY_NAMED_IAM"],
    )
    described = c["cloudformation"].describe_stacks(StackName=stack)["Stacks"][0]
    if described["StackStatus"] != "CREATE_COMPLETE":
        raise AssertionError(f"creating stack {stack} in moto: {described['StackStatus']} {described.get('StackStatusReason')}")
    return {o["OutputKey"]: o["OutputValue"] for o in described.get("Outputs", [])}


def parsed(document) -> dict:
    return json.loads(document) if isinstance(document, str) else document


def role_documents(c: dict, role: str) -> dict:
    """A role's trust policy, inline policies by name, attached managed policy ARNs and boundary."""
    iam = c["iam"]
    got = iam.get_role(RoleName=role)["Role"]
    inline = {
        name: parsed(iam.get_role_policy(RoleName=role, PolicyName=name)["PolicyDocument"])
        for name in iam.list_role_policies(RoleName=role)["PolicyNames"]
    }
    attached = [p["PolicyArn"] for p in iam.list_attached_role_policies(RoleName=role)["AttachedPolicies"]]
    return {
        "arn": got["Arn"],
        "trust": parsed(got["AssumeRolePolicyDocument"]),
        "inline": inline,
        "attached": sorted(attached),
        "boundary": got.get("PermissionsBoundary", {}).get("PermissionsBoundaryArn"),
    }


def run(cmd: list, cwd: Path, timeout: int = 300) -> str:
    env = dict(os.environ, CHECKPOINT_DISABLE="1", TF_IN_AUTOMATION="1", TF_INPUT="0")
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)
    if result.returncode != 0:
        raise AssertionError(f"running {' '.join(cmd)} in {cwd}: exit {result.returncode}\n{result.stdout}\n{result.stderr}")
    return result.stdout


def render_terraform(modules: dict) -> dict:
    """Evaluates provider-free modules with real terraform, offline: a throw-away root module under target/
    calls each module (relative source, so nested ../ sources stay in one package) and outputs everything.
    modules: name -> (module directory under deploy/terraform, inputs). Returns name -> outputs."""
    root = WORK / f"render-{uuid.uuid4().hex[:8]}"
    root.mkdir(parents=True)
    try:
        blocks = []
        for name, (directory, inputs) in modules.items():
            source = os.path.relpath(TERRAFORM / directory, root)
            args = "\n".join(f"  {k} = {json.dumps(v)}" for k, v in inputs.items())
            blocks.append(f'module "{name}" {{\n  source = "{source}"\n{args}\n}}\n'
                          f'output "{name}" {{\n  value = module.{name}\n}}\n')
        (root / "main.tf").write_text("\n".join(blocks))
        env_cmd = ["terraform"]
        run(env_cmd + ["init", "-input=false", "-backend=false", "-no-color"], root)
        run(env_cmd + ["apply", "-auto-approve", "-input=false", "-no-color"], root)
        out = json.loads(run(env_cmd + ["output", "-json", "-no-color"], root))
        return {name: out[name]["value"] for name in modules}
    finally:
        shutil.rmtree(root, ignore_errors=True)


def resource_blocks(directory: Path) -> list:
    """(type, name) of every resource instance the .tf files of a directory declare (not recursive): once per
    block, and once per runner for a block with `for_each = local.runners` (the runners are the keys of that map)."""
    text = "\n".join(tf.read_text() for tf in sorted(directory.glob("*.tf")))
    runners = re.search(r'^  runners = \{\n(.*?)^  \}', text, re.M | re.S)
    runner_keys = re.findall(r'^    (\w+) = \{', runners.group(1), re.M) if runners else []
    found = []
    for kind, name, body in re.findall(r'^resource "([a-z0-9_]+)" "([a-z0-9_]+)" \{\n(.*?)^\}', text, re.M | re.S):
        per_runner = re.search(r'^  for_each\s*=\s*local\.runners$', body, re.M)
        found += [(kind, name)] * (len(runner_keys) if per_runner else 1)
    return found
