#!/bin/sh
# Install Terraform and the hashicorp/aws provider into the execution environment image.
#   install-terraform.sh BUNDLE_DIR
# BUNDLE_DIR is what was given at build time (awx/ee/bundle, see its README.md):
#   terraform                          a Terraform binary, or
#   terraform_<v>_linux_<arch>.zip     the release archive
#   plugins/registry.terraform.io/hashicorp/aws/<v>/linux_<arch>/...   an unpacked provider mirror, or
#   terraform-provider-aws_<v>_linux_<arch>.zip                        the provider release archive
# A piece found in the bundle is copied, never downloaded. A missing piece is downloaded from
# releases.hashicorp.com with the base image's curl (SHA256SUMS checked) unless TF_OFFLINE=1, which fails the build.
set -eu

BUNDLE=${1:?usage: install-terraform.sh BUNDLE_DIR}
TF_VERSION=${TF_VERSION:-1.11.4}
TF_AWS_PROVIDER_VERSION=${TF_AWS_PROVIDER_VERSION:-5.100.0}
TF_OFFLINE=${TF_OFFLINE:-0}
BIN_DIR=${TF_BIN_DIR:-/usr/local/bin}
MIRROR=${TF_MIRROR_DIR:-/opt/tf-plugins}
RELEASES=${TF_RELEASES_URL:-https://releases.hashicorp.com}
PYTHON=${PYCMD:-python3}   # unpacks archives (zipfile), so the build stage needs no unzip

case "$(uname -m)" in
  x86_64 | amd64) ARCH=amd64 ;;
  aarch64 | arm64) ARCH=arm64 ;;
  *) echo "install-terraform: unsupported machine $(uname -m)" >&2; exit 1 ;;
esac
PLATFORM=linux_$ARCH
PROVIDER_DIR=$MIRROR/registry.terraform.io/hashicorp/aws

say() { echo "install-terraform: $*"; }
unpack() { "$PYTHON" -m zipfile -e "$1" "$2"; }

# Download NAME from RELEASES/PRODUCT/VERSION into DIR and check it against the release's SHA256SUMS.
fetch() {
  product=$1 version=$2 name=$3 dir=$4
  if [ "$TF_OFFLINE" = "1" ]; then
    echo "install-terraform: $name is not in the bundle $BUNDLE and TF_OFFLINE=1; stage it (awx/ee/stage-bundle.sh)" >&2
    exit 1
  fi
  say "downloading $product $version ($name is not in the bundle)"
  curl -fsSL -o "$dir/$name" "$RELEASES/$product/$version/$name"
  curl -fsSL -o "$dir/SHA256SUMS" "$RELEASES/$product/$version/${product}_${version}_SHA256SUMS"
  (cd "$dir" && grep " $name\$" SHA256SUMS | sha256sum -c -)
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$BIN_DIR" "$MIRROR"

# ---- terraform ----
if [ -f "$BUNDLE/terraform" ]; then
  say "terraform from the bundle (binary)"
  install -m 0755 "$BUNDLE/terraform" "$BIN_DIR/terraform"
else
  archive=$(find "$BUNDLE" -maxdepth 1 -name "terraform_*_${PLATFORM}.zip" | sort | tail -n 1)
  if [ -n "$archive" ]; then
    say "terraform from the bundle ($(basename "$archive"))"
  else
    archive=$work/terraform_${TF_VERSION}_${PLATFORM}.zip
    fetch terraform "$TF_VERSION" "$(basename "$archive")" "$work"
  fi
  unpack "$archive" "$work/unpacked"
  install -m 0755 "$work/unpacked/terraform" "$BIN_DIR/terraform"
fi

# ---- hashicorp/aws, as an unpacked filesystem mirror ----
if [ -d "$BUNDLE/plugins/registry.terraform.io/hashicorp/aws" ]; then
  say "hashicorp/aws from the bundle (unpacked mirror)"
  cp -R "$BUNDLE/plugins/." "$MIRROR/"
else
  archive=$(find "$BUNDLE" -maxdepth 1 -name "terraform-provider-aws_*_${PLATFORM}.zip" | sort | tail -n 1)
  if [ -n "$archive" ]; then
    say "hashicorp/aws from the bundle ($(basename "$archive"))"
  else
    archive=$work/terraform-provider-aws_${TF_AWS_PROVIDER_VERSION}_${PLATFORM}.zip
    fetch terraform-provider-aws "$TF_AWS_PROVIDER_VERSION" "$(basename "$archive")" "$work"
  fi
  version=$(basename "$archive" | sed -e 's/^terraform-provider-aws_//' -e "s/_${PLATFORM}\\.zip\$//")
  mkdir -p "$PROVIDER_DIR/$version/$PLATFORM"
  unpack "$archive" "$PROVIDER_DIR/$version/$PLATFORM"
fi

# The image must be able to run a job offline: both pieces present and runnable by any user.
ls "$PROVIDER_DIR"/*/"$PLATFORM"/terraform-provider-aws* > /dev/null
chmod -R a+rX "$MIRROR"
chmod a+x "$PROVIDER_DIR"/*/"$PLATFORM"/terraform-provider-aws*
"$BIN_DIR/terraform" version
say "done: terraform in $BIN_DIR, hashicorp/aws in $MIRROR"
