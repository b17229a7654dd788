#!/bin/sh
# Stage Terraform and the hashicorp/aws provider into awx/ee/bundle/ before `ansible-builder build`, so the image
# build copies them instead of downloading (see README.md there).
#   awx/ee/stage-bundle.sh [--terraform PATH_OR_ZIP] [--provider-mirror DIR]
# Defaults: the terraform on PATH, and TF_PROVIDER_MIRROR or /opt/tf-plugins (an unpacked filesystem mirror).
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
BUNDLE=$HERE/bundle
terraform_src=$(command -v terraform || true)
mirror=${TF_PROVIDER_MIRROR:-/opt/tf-plugins}

while [ $# -gt 0 ]; do
  case "$1" in
    --terraform) terraform_src=$2; shift 2 ;;
    --provider-mirror) mirror=$2; shift 2 ;;
    *) echo "usage: $0 [--terraform PATH_OR_ZIP] [--provider-mirror DIR]" >&2; exit 2 ;;
  esac
done

[ -n "$terraform_src" ] && [ -f "$terraform_src" ] || { echo "stage-bundle: no terraform (give --terraform)" >&2; exit 1; }
[ -d "$mirror/registry.terraform.io/hashicorp/aws" ] || {
  echo "stage-bundle: $mirror holds no unpacked hashicorp/aws (give --provider-mirror)" >&2; exit 1; }

rm -rf "$BUNDLE/plugins" "$BUNDLE/terraform" "$BUNDLE"/terraform_*.zip
case "$terraform_src" in
  *.zip) cp "$terraform_src" "$BUNDLE/" ;;
  *) cp "$terraform_src" "$BUNDLE/terraform" ;;
esac
mkdir -p "$BUNDLE/plugins"
# -L: a mirror of symlinks (Terraform's plugin cache) becomes real files in the build context.
cp -RL "$mirror/registry.terraform.io" "$BUNDLE/plugins/"
echo "stage-bundle: staged $(ls "$BUNDLE") into $BUNDLE"
