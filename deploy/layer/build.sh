#!/usr/bin/env bash
# Builds the Lambda layer that gives the runner its Terraform (or OpenTofu) binary.
#
#   deploy/layer/build.sh --version 1.11.4 [--tool terraform|tofu] [--arch x86_64|arm64]
#                         [--out DIR] [--base-url URL | --from-dir DIR]
#                         [--key-file FILE] [--require-signature]
#
# What it does, in this order, and it stops at the first failure (non-zero exit, one line on stderr):
#   1. fetches <tool>_<version>_linux_<arch>.zip, <tool>_<version>_SHA256SUMS and the SUMS signature
#      from the vendor's release site (or from --base-url / --from-dir);
#   2. verifies the SUMS signature with gpg against the vendor's release key, pinned here by fingerprint:
#        terraform: HashiCorp, C874 011F 0AB4 0511 0D02 1055 3436 5D94 72D7 468F,
#                   key from https://www.hashicorp.com/.well-known/pgp-key.txt, signature <sums>.sig
#        tofu:      OpenTofu,  E3E6 E43D 84CB 852E ADB0 051D 0C0A F313 E5FD 9F80,
#                   key from https://get.opentofu.org/opentofu.asc, signature <sums>.gpgsig
#      Without gpg, or without the key, it warns and goes on with the checksum only, unless
#      --require-signature is given (then that is an error);
#   3. checks the archive's SHA-256 against its line in SUMS: a missing line or a mismatch is an error;
#   4. writes <out>/terraform-layer.zip with bin/terraform (or bin/tofu) at mode 755, which Lambda
#      mounts as /opt/bin/terraform. File times are fixed, so the same release gives the same zip
#      (and CloudFormation/Terraform publish no new layer version for it).
#
# Exit codes: 0 done, 2 bad usage, 3 verification failed (checksum or signature), 4 fetch or packaging failed.
# LAYER_EXPECTED_FINGERPRINT overrides the pinned key fingerprint (for tests with a throw-away key).
set -euo pipefail

usage() { sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
fail() { local code=$1; shift; echo "layer: $*" >&2; exit "$code"; }
warn() { echo "layer: warning: $*" >&2; }
info() { echo "layer: $*" >&2; }

tool=terraform
version=""
arch=x86_64
out="$(cd "$(dirname "$0")" && pwd)/build"
base_url=""
from_dir=""
key_file=""
require_signature=false

while [ $# -gt 0 ]; do
  case "$1" in
    --tool) tool=${2:?--tool needs a value}; shift 2 ;;
    --version) version=${2:?--version needs a value}; shift 2 ;;
    --arch) arch=${2:?--arch needs a value}; shift 2 ;;
    --out) out=${2:?--out needs a value}; shift 2 ;;
    --base-url) base_url=${2:?--base-url needs a value}; shift 2 ;;
    --from-dir) from_dir=${2:?--from-dir needs a value}; shift 2 ;;
    --key-file) key_file=${2:?--key-file needs a value}; shift 2 ;;
    --require-signature) require_signature=true; shift ;;
    -h|--help) usage ;;
    *) echo "layer: unknown argument '$1'" >&2; usage ;;
  esac
done

[ -n "$version" ] || fail 2 "--version is required (e.g. --version 1.11.4)"
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[A-Za-z0-9.]+)?$ ]] || fail 2 "version '$version': not a release version like 1.11.4"
case "$arch" in
  x86_64) goarch=amd64 ;;
  arm64) goarch=arm64 ;;
  *) fail 2 "arch '$arch': must be x86_64 or arm64 (the Lambda architectures)" ;;
esac
case "$tool" in
  terraform)
    default_base="https://releases.hashicorp.com/terraform/${version}"
    sig_suffix=".sig"
    pinned_fingerprint=C874011F0AB405110D02105534365D9472D7468F
    key_url="https://www.hashicorp.com/.well-known/pgp-key.txt" ;;
  tofu)
    default_base="https://github.com/opentofu/opentofu/releases/download/v${version}"
    sig_suffix=".gpgsig"
    pinned_fingerprint=E3E6E43D84CB852EADB0051D0C0AF313E5FD9F80
    key_url="https://get.opentofu.org/opentofu.asc" ;;
  *) fail 2 "tool '$tool': must be terraform or tofu" ;;
esac
[ -z "$base_url" ] || [ -z "$from_dir" ] || fail 2 "--base-url and --from-dir exclude each other"
expected_fingerprint=${LAYER_EXPECTED_FINGERPRINT:-$pinned_fingerprint}
[ "$expected_fingerprint" = "$pinned_fingerprint" ] || warn "expecting key fingerprint $expected_fingerprint instead of the vendor's $pinned_fingerprint (LAYER_EXPECTED_FINGERPRINT)"

for cmd in sha256sum unzip zip; do
  command -v "$cmd" >/dev/null 2>&1 || fail 4 "required command '$cmd' not found on PATH"
done

archive="${tool}_${version}_linux_${goarch}.zip"
sums="${tool}_${version}_SHA256SUMS"
signature="${sums}${sig_suffix}"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A failed build must not leave an older layer behind that looks like its result.
rm -f "$out/terraform-layer.zip"

# Plain HTTP only to loopback (a local mirror or the tests); anything else must be HTTPS.
check_url() {
  case "$1" in
    https://*) ;;
    http://127.0.0.1:*|http://127.0.0.1/*|http://localhost:*|http://localhost/*|http://\[::1\]:*) ;;
    *) fail 2 "url '$1': only https (or http to loopback) is allowed" ;;
  esac
}

# fetch NAME [optional]: copies or downloads NAME into $work; returns 1 for a missing optional file.
fetch() {
  local name=$1 optional=${2:-}
  if [ -n "$from_dir" ]; then
    if [ -f "$from_dir/$name" ]; then cp "$from_dir/$name" "$work/$name"; return 0; fi
    [ -n "$optional" ] && return 1
    fail 4 "reading $from_dir/$name: no such file"
  fi
  command -v curl >/dev/null 2>&1 || fail 4 "required command 'curl' not found on PATH"
  local url="${base_url:-$default_base}/$name"
  check_url "$url"
  if curl -fsSL --retry 3 --connect-timeout 10 --max-time 300 -o "$work/$name" "$url"; then return 0; fi
  rm -f "$work/$name"
  [ -n "$optional" ] && return 1
  fail 4 "downloading $url: failed"
}

verify_signature() {
  if ! command -v gpg >/dev/null 2>&1; then
    $require_signature && fail 3 "verifying $sums: gpg not found and --require-signature given"
    warn "gpg not found: the signature of $sums is NOT verified (checksum only)"
    return 0
  fi
  if ! fetch "$signature" optional; then
    $require_signature && fail 3 "verifying $sums: signature file $signature not found"
    warn "no $signature: the signature of $sums is NOT verified (checksum only)"
    return 0
  fi
  local key="$work/release-key.asc"
  if [ -n "$key_file" ]; then
    cp "$key_file" "$key" 2>/dev/null || fail 4 "reading key file $key_file: cannot read it"
  else
    check_url "$key_url"
    if ! curl -fsSL --connect-timeout 10 --max-time 60 -o "$key" "$key_url" 2>/dev/null; then
      $require_signature && fail 3 "verifying $sums: cannot download the release key from $key_url"
      warn "cannot download the release key from $key_url: the signature of $sums is NOT verified (checksum only)"
      return 0
    fi
  fi
  export GNUPGHOME="$work/gnupg"
  mkdir -m 700 "$GNUPGHOME"
  gpg --batch --quiet --import "$key" >/dev/null 2>&1 || fail 3 "importing the release key: not an OpenPGP public key"
  # Trust nothing but the pinned primary key: the status line names the key that made the signature.
  local status
  status=$(gpg --batch --status-fd 1 --verify "$work/$signature" "$work/$sums" 2>/dev/null || true)
  if ! grep -q '^\[GNUPG:\] GOODSIG ' <<<"$status"; then
    fail 3 "verifying $sums: bad or missing signature in $signature"
  fi
  local primary
  primary=$(awk '$2 == "VALIDSIG" { print $NF }' <<<"$status" | head -1)
  [ "$primary" = "$expected_fingerprint" ] \
    || fail 3 "verifying $sums: signed by key ${primary:-unknown}, expected $expected_fingerprint"
  info "signature of $sums: good, key $primary"
}

verify_checksum() {
  local expected actual
  expected=$(awk -v f="$archive" '$2 == f || $2 == "*" f { print $1; exit }' "$work/$sums")
  [ -n "$expected" ] || fail 3 "verifying $archive: no line for it in $sums"
  actual=$(sha256sum "$work/$archive" | awk '{ print $1 }')
  [ "$expected" = "$actual" ] \
    || fail 3 "verifying $archive: checksum mismatch (SHA256SUMS says $expected, the file is $actual)"
  info "checksum of $archive: ok ($actual)"
}

package() {
  local stage="$work/layer" binary
  mkdir -p "$stage/bin"
  binary=$(unzip -Z1 "$work/$archive" | grep -x "$tool" || true)
  [ -n "$binary" ] || fail 4 "unpacking $archive: no '$tool' executable at its top level"
  unzip -p "$work/$archive" "$tool" >"$stage/bin/$tool" || fail 4 "unpacking $archive: unzip failed"
  chmod 755 "$stage/bin/$tool"
  find "$stage" -exec touch -h -d '1980-01-02T00:00:00Z' {} +
  (cd "$stage" && TZ=UTC zip -q -X -r "$work/terraform-layer.zip" bin) || fail 4 "writing the layer zip: zip failed"
  if ! { mkdir -p "$out" && mv "$work/terraform-layer.zip" "$out/terraform-layer.zip"; }; then
    fail 4 "writing $out/terraform-layer.zip: cannot write there"
  fi
  info "wrote $out/terraform-layer.zip (bin/$tool from $archive, $(sha256sum "$out/terraform-layer.zip" | awk '{ print $1 }'))"
}

fetch "$sums"
verify_signature
fetch "$archive"
verify_checksum
package
