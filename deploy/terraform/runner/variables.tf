# The same inputs as the parameters of deploy/sam/template.yaml (snake_case), plus where the built artifacts are.

variable "runner_name" {
  description = "The runner's name: the KMS encryption context {\"runner\": runner_name} of the plan runner (the apply runner's is runner_name-apply) and the suffix of every resource name (gitlab-runner-<runner_name>...)."
  type        = string
  default     = "lambda-terraform"
}

variable "gitlab_url" {
  description = "GitLab base URL, https, no trailing slash. Also the OIDC issuer the keyless roles trust."
  type        = string

  validation {
    condition     = can(regex("^https://[^/\\s]+(/[^\\s]*[^/\\s])?$", var.gitlab_url))
    error_message = "gitlab_url: an https URL without a trailing slash, e.g. https://gitlab.example.com."
  }
}

variable "operator_principal_arns" {
  description = "IAM principals that may encrypt the runner's secret document (register, secrets put). They can never decrypt it."
  type        = list(string)

  validation {
    condition     = length(var.operator_principal_arns) > 0
    error_message = "operator_principal_arns: at least one IAM principal ARN (the bootstrap's operator_identity_arn)."
  }
}

variable "artifacts_bucket" {
  description = "Private S3 bucket that receives function.zip and the layer zip (the bootstrap's artifacts_bucket)."
  type        = string
}

variable "function_zip" {
  description = "Path of target/function.zip from `./mvnw package -Pnative`."
  type        = string
}

variable "layer_zip" {
  description = "Path of deploy/layer/build/terraform-layer.zip from deploy/layer/build.sh."
  type        = string
}

variable "max_job_timeout" {
  description = "Longest job the function takes on (RUNNER_MAX_JOB_TIMEOUT); with lambda_reserve it must fit in 15 minutes."
  type        = string
  default     = "PT12M"
}

variable "lambda_reserve" {
  description = "Time kept free at the end of an invocation to stop Terraform, flush the log and report (RUNNER_LAMBDA_RESERVE)."
  type        = string
  default     = "PT90S"
}

variable "architecture" {
  description = "x86_64 or arm64; must match the native bootstrap and the layer."
  type        = string
  default     = "x86_64"

  validation {
    condition     = contains(["x86_64", "arm64"], var.architecture)
    error_message = "architecture: x86_64 or arm64."
  }
}

variable "memory_size" {
  description = "Function memory in MB; the AWS provider alone needs well over 1 GB while planning."
  type        = number
  default     = 4096

  validation {
    condition     = var.memory_size >= 2048 && var.memory_size <= 10240
    error_message = "memory_size: 2048 to 10240 MB."
  }
}

variable "ephemeral_storage_size" {
  description = "MB of /tmp, for providers (the AWS provider is ~800 MB unzipped), the plugin cache and workspaces."
  type        = number
  default     = 4096

  validation {
    condition     = var.ephemeral_storage_size >= 4096 && var.ephemeral_storage_size <= 10240
    error_message = "ephemeral_storage_size: 4096 to 10240 MB."
  }
}

variable "reserved_concurrency" {
  description = "Reserved concurrent executions, -1 for none (new accounts often cannot reserve any)."
  type        = number
  default     = -1
}

variable "log_retention_days" {
  description = "Days the function's log group keeps runner logs."
  type        = number
  default     = 30
}

variable "xray_tracing" {
  description = "Turn on X-Ray tracing and give the function role the X-Ray write permissions."
  type        = bool
  default     = false
}

variable "permissions_boundary_arn" {
  description = "Permissions boundary of the function and scheduler roles; required when the setup identity applies (the bootstrap's permissions_boundary_arn). Empty for none."
  type        = string
  default     = ""
}

variable "tofu_path" {
  description = "OpenTofu executable in a layer (e.g. /opt/bin/tofu) to allow `tofu` lines; empty for none."
  type        = string
  default     = ""
}

variable "provider_mirror_dir" {
  description = "Provider filesystem mirror from a layer (e.g. /opt/terraform-providers); empty for none."
  type        = string
  default     = ""
}

variable "project_paths" {
  description = "GitLab project paths (group/project) whose jobs may assume the plan role (any branch) and the apply role (apply_branch only)."
  type        = list(string)

  validation {
    condition     = length(var.project_paths) > 0 && alltrue([for p in var.project_paths : can(regex("^[^:*?\\s]+$", p))])
    error_message = "project_paths: at least one group/project path, without ':', '*', '?' or spaces."
  }
}

variable "apply_branch" {
  description = "The protected default branch whose jobs may assume the apply role."
  type        = string
  default     = "main"

  validation {
    condition     = can(regex("^[^:*?\\s]+$", var.apply_branch))
    error_message = "apply_branch: a branch name, without ':', '*', '?' or spaces."
  }
}

variable "oidc_audience" {
  description = "The aud of the jobs' ID tokens (id_tokens: in .gitlab-ci.yml) that the keyless roles accept."
  type        = string
  default     = "sts.amazonaws.com"
}

variable "keyless_token_variable" {
  description = "Name of the job variable that carries the ID token."
  type        = string
  default     = "GITLAB_OIDC_TOKEN"
}

variable "existing_oidc_provider_arn" {
  description = "ARN of an IAM OIDC provider for gitlab_url that already exists (one per URL and account); empty to create it."
  type        = string
  default     = ""
}

variable "plan_policy_arns" {
  description = "Managed policies for the plan role (read-only, e.g. arn:aws:iam::aws:policy/ReadOnlyAccess)."
  type        = list(string)
  default     = []
}

variable "apply_policy_arns" {
  description = "Managed policies for the apply role (what your Terraform manages)."
  type        = list(string)
  default     = []
}

variable "poll_rate" {
  description = "How often EventBridge Scheduler starts a poll, e.g. rate(5 minutes)."
  type        = string
  default     = "rate(5 minutes)"

  validation {
    condition     = can(regex("^rate\\([1-9][0-9]* (minute|minutes|hour|hours|day|days)\\)$", var.poll_rate))
    error_message = "poll_rate: rate(N minutes|hours|days)."
  }
}

variable "poll_schedule_enabled" {
  description = "Whether the poll schedule runs."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Extra tags for the resources; every resource also gets gitlab-runner = runner_name (the setup identity manages only the KMS key with that tag)."
  type        = map(string)
  default     = {}
}
