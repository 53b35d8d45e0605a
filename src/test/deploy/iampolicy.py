"""IAM policy documents as data: statements, the wildcard convention, and a small evaluator for Allow/Deny by
action and resource (conditions are not evaluated: the callers check the conditions that matter directly)."""

import re
from fnmatch import fnmatchcase
from pathlib import Path

WILDCARD = re.compile(r"[*?]")
SID_PREFIX = "Wildcard"
JUSTIFICATION = "wildcard:"
MIN_REASON = 20


def statements(document: dict) -> list:
    found = document.get("Statement", [])
    return [found] if isinstance(found, dict) else list(found)


def as_list(value) -> list:
    if value is None:
        return []
    return [value] if isinstance(value, (str, dict)) else list(value)


def wildcards(statement: dict) -> list:
    """The Action/Resource values of a statement that use a wildcard; NotAction/NotResource always count."""
    found = []
    for key in ("Action", "Resource"):
        found += [v for v in as_list(statement.get(key)) if isinstance(v, str) and WILDCARD.search(v)]
    for key in ("NotAction", "NotResource"):
        if key in statement:
            found.append(f"{key}={statement[key]}")
    return found


def justification(source: Path, sid: str) -> list:
    """For every line of source that names sid as a Sid: the text of the comment lines right above it."""
    lines = source.read_text().splitlines()
    pattern = re.compile(r'^\s*(-\s*)?"?Sid"?\s*[:=]\s*"?' + re.escape(sid) + r'"?\s*,?\s*$')
    found = []
    for i, line in enumerate(lines):
        if not pattern.match(line):
            continue
        comments = []
        j = i - 1
        while j >= 0 and lines[j].strip().startswith("#"):
            comments.insert(0, lines[j].strip().lstrip("#").strip())
            j -= 1
        found.append(" ".join(comments))
    return found


def check_wildcards(label: str, document: dict, sources: list) -> list:
    """Problems with the wildcard convention in one document whose statements are written in sources."""
    problems = []
    for statement in statements(document):
        sid = statement.get("Sid", "")
        used = wildcards(statement)
        where = f"{label}: statement {sid or '(no Sid)'}"
        if not used:
            if sid.startswith(SID_PREFIX):
                problems.append(f"{where} is named {SID_PREFIX}* but uses no wildcard: rename it")
            continue
        if not sid.startswith(SID_PREFIX):
            problems.append(f"{where} uses {used} but its Sid does not start with {SID_PREFIX}")
            continue
        comments = [c for source in sources for c in justification(source, sid)]
        if not comments:
            problems.append(f"{where} uses {used} but no line of {', '.join(str(s) for s in sources)} names that Sid")
        for comment in comments:
            reason = comment.split(JUSTIFICATION, 1)[1].strip() if JUSTIFICATION in comment else ""
            if len(reason) < MIN_REASON:
                problems.append(f"{where} uses {used} without a '# {JUSTIFICATION} <why>' comment right above its Sid")
    return problems


def _matches_action(pattern: str, action: str) -> bool:
    return fnmatchcase(action.lower(), pattern.lower())


def _matches(statement: dict, action: str, resource: str) -> bool:
    actions = as_list(statement.get("Action"))
    resources = as_list(statement.get("Resource"))
    return any(_matches_action(a, action) for a in actions) and any(fnmatchcase(resource, r) for r in resources)


def allowing(documents: list, action: str, resource: str) -> list:
    """Sids of the Allow statements that grant action on resource, [] when none does or a Deny matches."""
    allows, denied = [], False
    for document in documents:
        for statement in statements(document):
            if _matches(statement, action, resource):
                if statement.get("Effect") == "Deny":
                    denied = True
                else:
                    allows.append(statement.get("Sid", "(no Sid)"))
    return [] if denied else allows


def normalized(value):
    """A policy value with single values and lists made alike and lists sorted, for comparing documents."""
    if isinstance(value, dict):
        return {k: normalized(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        items = [normalized(v) for v in value]
        if len(items) == 1:
            return items[0]
        return sorted(items, key=repr)
    return value


def by_sid(document: dict) -> dict:
    return {s.get("Sid", f"#{i}"): normalized(s) for i, s in enumerate(statements(document))}


def compact_size(document_text: str) -> int:
    """Characters IAM counts against its size quotas (whitespace is not counted)."""
    return len("".join(document_text.split()))


def _condition_holds(operator: str, actual, expected) -> bool:
    """One condition operator on one key, IAM's way: several expected values of a positive operator are ORed, a
    negated operator holds only when none matches; a missing key fails a positive operator."""
    values = as_list(expected)
    if operator == "StringEquals":
        return actual is not None and actual in values
    if operator == "StringLike":
        return actual is not None and any(fnmatchcase(actual, v) for v in values)
    if operator == "StringNotLike":
        return actual is None or not any(fnmatchcase(actual, v) for v in values)
    raise AssertionError(f"the trust evaluator does not know condition operator {operator}: add it")


def trusts_web_identity(trust: dict, provider: str, claims: dict) -> bool:
    """Whether a role's trust policy lets an ID token with these claims (condition key -> value, e.g.
    'gitlab.example.com:sub') of the OIDC provider assume it: an Allow whose conditions all hold, and no Deny
    that matches. Only the operators the stacks use are known; any other fails loudly."""
    allowed, denied = False, False
    for statement in statements(trust):
        if "sts:AssumeRoleWithWebIdentity" not in as_list(statement.get("Action")):
            continue
        if provider not in as_list(statement.get("Principal", {}).get("Federated")):
            continue
        holds = all(_condition_holds(op, claims.get(key), expected)
                    for op, keys in statement.get("Condition", {}).items() for key, expected in keys.items())
        if holds and statement["Effect"] == "Deny":
            denied = True
        elif holds:
            allowed = True
    return allowed and not denied
