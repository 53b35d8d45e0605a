"""moto on a free loopback port, with CloudFormation support for the resource types the runner stack needs.

moto 5.2.1's CloudFormation creates KMS keys and aliases, IAM roles and policies, Lambda functions, layers and
permissions, and log groups, but not AWS::SecretsManager::Secret, AWS::Scheduler::Schedule,
AWS::IAM::OIDCProvider, AWS::Lambda::Url or AWS::Lambda::EventInvokeConfig (it skips them with a warning), and
its Lambda function adapter drops Layers, Architectures, EphemeralStorage and TracingConfig, and its KMS key
adapter fails on tags; its layer adapter ignores LayerName and CompatibleArchitectures and a Ref to a layer
version gives moto's object instead of its ARN; its IAM adapters answer
inline policies as Python reprs, keep AWS::NoValue list items as null and ignore a role's ManagedPolicyArns. The adapters below
hand those resources and properties to moto's own service backends, the same ones its APIs use, so a stack
created through moto's CloudFormation API can be read back through the Secrets Manager, Scheduler, IAM and
Lambda APIs. No other behaviour is added.
"""

import json
from typing import Any

from moto.core.common_models import CloudFormationModel
from moto.awslambda.models import LambdaFunction, LayerVersion, lambda_backends
from moto.iam.models import InlinePolicy, Role, iam_backends
from moto.kms.models import Key as KmsKey
from moto.scheduler.models import scheduler_backends
from moto.secretsmanager.models import secretsmanager_backends
from moto.moto_server.threaded_moto_server import ThreadedMotoServer
from moto.utilities.utils import get_partition


def _tags_as_list(tags: Any) -> list:
    if isinstance(tags, dict):
        return [{"Key": k, "Value": v} for k, v in tags.items()]
    return list(tags or [])


class SecretAdapter(CloudFormationModel):
    __module__ = "moto.secretsmanager.cfn_adapter"  # moto's model registry files models by their moto.<service> module

    def __init__(self, arn: str):
        self.arn = arn

    @staticmethod
    def cloudformation_name_type() -> str:
        return "Name"

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::SecretsManager::Secret"

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr == "Id"

    @property
    def physical_resource_id(self) -> str:
        # Ref of a secret is its ARN
        return self.arn

    def get_cfn_attribute(self, attribute_name: str) -> str:
        return self.arn

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        props = cloudformation_json["Properties"]
        created = secretsmanager_backends[account_id][region_name].create_secret(
            name=props.get("Name", resource_name),
            secret_string=props.get("SecretString"),
            secret_binary=None,
            description=props.get("Description"),
            tags=_tags_as_list(props.get("Tags")),
            kms_key_id=props.get("KmsKeyId"),
            client_request_token=None,
            replica_regions=[],
            force_overwrite=False,
        )
        return cls(json.loads(created)["ARN"] if isinstance(created, str) else created["ARN"])


class OidcProviderAdapter(CloudFormationModel):
    __module__ = "moto.iam.cfn_adapter"  # moto's model registry files models by their moto.<service> module

    def __init__(self, arn: str):
        self.arn = arn

    @staticmethod
    def cloudformation_name_type() -> str:
        return ""

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::IAM::OIDCProvider"

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr == "Arn"

    @property
    def physical_resource_id(self) -> str:
        return self.arn

    def get_cfn_attribute(self, attribute_name: str) -> str:
        return self.arn

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        props = cloudformation_json["Properties"]
        provider = iam_backends[account_id][get_partition(region_name)].create_open_id_connect_provider(
            url=props["Url"],
            thumbprint_list=props.get("ThumbprintList", []),
            client_id_list=props.get("ClientIdList", []),
            tags=_tags_as_list(props.get("Tags")),
        )
        return cls(provider.arn)


class ScheduleAdapter(CloudFormationModel):
    __module__ = "moto.scheduler.cfn_adapter"  # moto's model registry files models by their moto.<service> module

    def __init__(self, schedule: Any):
        self.schedule = schedule

    @staticmethod
    def cloudformation_name_type() -> str:
        return "Name"

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::Scheduler::Schedule"

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr == "Arn"

    @property
    def physical_resource_id(self) -> str:
        return self.schedule.name

    def get_cfn_attribute(self, attribute_name: str) -> str:
        return self.schedule.arn

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        props = cloudformation_json["Properties"]
        schedule = scheduler_backends[account_id][region_name].create_schedule(
            description=props.get("Description"),
            end_date=props.get("EndDate"),
            flexible_time_window=props["FlexibleTimeWindow"],
            group_name=props.get("GroupName"),
            kms_key_arn=props.get("KmsKeyArn"),
            name=props.get("Name", resource_name),
            schedule_expression=props["ScheduleExpression"],
            schedule_expression_timezone=props.get("ScheduleExpressionTimezone"),
            start_date=props.get("StartDate"),
            state=props.get("State"),
            target=props["Target"],
            action_after_completion=None,
        )
        return cls(schedule)


class FunctionUrlAdapter(CloudFormationModel):
    __module__ = "moto.awslambda.cfn_adapter"  # moto's model registry files models by their moto.<service> module

    def __init__(self, url_config: Any):
        self.url_config = url_config

    @staticmethod
    def cloudformation_name_type() -> str:
        return ""

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::Lambda::Url"

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr in ("FunctionUrl", "FunctionArn")

    @property
    def physical_resource_id(self) -> str:
        return self.url_config.function.function_arn

    def get_cfn_attribute(self, attribute_name: str) -> str:
        return self.url_config.to_dict()[attribute_name]

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        props = dict(cloudformation_json["Properties"])
        target = props.pop("TargetFunctionArn")
        config = lambda_backends[account_id][region_name].create_function_url_config(target, props)
        return cls(config)


class EventInvokeConfigAdapter(CloudFormationModel):
    __module__ = "moto.awslambda.cfn_adapter"  # moto's model registry files models by their moto.<service> module

    def __init__(self, function_name: str):
        self.function_name = function_name

    @staticmethod
    def cloudformation_name_type() -> str:
        return ""

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::Lambda::EventInvokeConfig"

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return False

    @property
    def physical_resource_id(self) -> str:
        return self.function_name

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        props = dict(cloudformation_json["Properties"])
        name = props.pop("FunctionName")
        props.pop("Qualifier", None)
        lambda_backends[account_id][region_name].put_function_event_invoke_config(name, props)
        return cls(name)


_FUNCTION_PROPERTIES = (
    "Description", "MemorySize", "Publish", "Timeout", "VpcConfig", "Environment", "ReservedConcurrentExecutions",
    # the ones moto's own adapter drops:
    "Layers", "Architectures", "EphemeralStorage", "TracingConfig",
)


def _create_function_with_all_properties(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    """moto's LambdaFunction.create_from_cloudformation_json, forwarding every property CreateFunction takes."""
    props = cloudformation_json["Properties"]
    spec = {
        "Code": props["Code"],
        "FunctionName": resource_name,
        "Handler": props.get("Handler"),
        "Role": props["Role"],
        "Runtime": props.get("Runtime"),
    }
    spec.update({k: props[k] for k in _FUNCTION_PROPERTIES if k in props})
    if props.get("Tags"):
        spec["Tags"] = {t["Key"]: t["Value"] for t in props["Tags"]}
    return lambda_backends[account_id][region_name].create_function(spec)


LambdaFunction.create_from_cloudformation_json = classmethod(_create_function_with_all_properties)


# Ref of AWS::Lambda::LayerVersion is the layer version's ARN (moto answers its model object); the name property
# is LayerName (moto looks for "LayerVersion" and makes up a name); CompatibleArchitectures is dropped by moto.
LayerVersion.physical_resource_id = property(lambda self: self.arn)
LayerVersion.cloudformation_name_type = staticmethod(lambda: "LayerName")


def _publish_layer_with_all_properties(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    props = cloudformation_json["Properties"]
    spec = {"Content": props["Content"], "LayerName": resource_name}
    spec.update({k: props[k] for k in ("Description", "CompatibleRuntimes", "CompatibleArchitectures", "LicenseInfo") if k in props})
    return lambda_backends[account_id][region_name].publish_layer_version(spec)


LayerVersion.create_from_cloudformation_json = classmethod(_publish_layer_with_all_properties)

_moto_create_key = KmsKey.create_from_cloudformation_json.__func__


def _create_key_with_cloudformation_tags(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    """moto's KMS key adapter hands CloudFormation's {Key, Value} tags to a tagger that wants {TagKey, TagValue}
    (a KeyError for any tagged key) and keeps the key policy as an object; both converted here."""
    props = dict(cloudformation_json["Properties"])
    props["Tags"] = [{"TagKey": t["Key"], "TagValue": t["Value"]} for t in props.get("Tags", [])]
    if not isinstance(props.get("KeyPolicy"), str):
        props["KeyPolicy"] = json.dumps(props["KeyPolicy"])
    return _moto_create_key(cls, resource_name, {**cloudformation_json, "Properties": props}, account_id, region_name, **kwargs)


KmsKey.create_from_cloudformation_json = classmethod(_create_key_with_cloudformation_tags)


def _policy_json(document) -> str:
    """A policy document as JSON; list items that were {"Ref": "AWS::NoValue"} are dropped, as CloudFormation
    does (moto keeps them as null)."""
    if isinstance(document, str):
        return document
    statements = document.get("Statement")
    if isinstance(statements, list):
        document = {**document, "Statement": [s for s in statements if s is not None]}
    return json.dumps(document)


_moto_create_role = Role.create_from_cloudformation_json.__func__


def _create_role_with_policies(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    """moto's IAM role adapter keeps inline policy documents as objects (GetRolePolicy then answers a Python
    repr, not JSON) and ignores ManagedPolicyArns; both handled here."""
    props = dict(cloudformation_json["Properties"])
    props["Policies"] = [{**p, "PolicyDocument": _policy_json(p["PolicyDocument"])} for p in props.get("Policies", [])]
    role = _moto_create_role(cls, resource_name, {**cloudformation_json, "Properties": props}, account_id, region_name, **kwargs)
    backend = iam_backends[account_id][get_partition(region_name)]
    for arn in props.get("ManagedPolicyArns", []):
        backend.attach_role_policy(arn, role.name)
    return role


Role.create_from_cloudformation_json = classmethod(_create_role_with_policies)

_moto_create_inline_policy = InlinePolicy.create_from_cloudformation_json.__func__


def _create_inline_policy_as_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    props = dict(cloudformation_json["Properties"])
    props["PolicyDocument"] = _policy_json(props["PolicyDocument"])
    return _moto_create_inline_policy(cls, resource_name, {**cloudformation_json, "Properties": props}, account_id, region_name, **kwargs)


InlinePolicy.create_from_cloudformation_json = classmethod(_create_inline_policy_as_json)


def start() -> ThreadedMotoServer:
    """Starts moto on 127.0.0.1 at a port the OS picks; call stop() on the result."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    return server
