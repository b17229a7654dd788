# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)
"""Find the Terraform binary and the AWS provider source, and write a project-local CLI config.

Standard library only: tools/terraform_setup.py (the Makefile's first step, before the virtualenv exists) and the
``terraform_toolchain`` module import it. It never downloads anything.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import glob
import json
import os
import platform
import re
import shutil
import subprocess

try:
    from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.atomic_file import write_atomic
except ImportError:  # tools/terraform_setup.py runs before Ansible and the collection are installed: it puts this
    from atomic_file import write_atomic  # directory on sys.path, so the same module is imported by its own name

# The first Terraform release with each feature a deployment uses; the floor is the highest of them. Where each
# comes from (the changelog entries): docs/layers.md, "Version floors". The versions.tf files say the same
# (tests/foundation/test_lock_files_and_floors.py compares them).
TERRAFORM_FEATURES = (
    ((1, 5, 0), "the check block of the services layer"),
    ((1, 9, 0), "input variable validation that refers to other variables (network module)"),
    ((1, 10, 0), "the S3 backend's use_lockfile"),
)
MIN_TERRAFORM = max(version for version, _dummy in TERRAFORM_FEATURES)
# Only `terraform test` of the modules (tests/terraform) needs these; a deployment does not.
TEST_FEATURES = (
    ((1, 7, 0), "terraform test's mock_provider and override_resource"),
    ((1, 11, 0), "terraform test's override_during = plan"),
)
MIN_TERRAFORM_TESTS = max(version for version, _dummy in TEST_FEATURES + TERRAFORM_FEATURES)

PROVIDER_SOURCE = "registry.terraform.io/hashicorp/aws"
# The newest hashicorp/aws arguments the modules set, (release, resource type, argument): the provider floor in
# versions.tf is the highest release (docs/layers.md, "Version floors"); its bound is the next major.
PROVIDER_FEATURES = (
    ((5, 34, 0), "aws_ecs_capacity_provider", "managed_draining"),
    ((5, 77, 0), "aws_ecs_service", "availability_zone_rebalancing"),
)
PROVIDER_FLOOR = max(feature[0] for feature in PROVIDER_FEATURES)
# The only release every test ran with: each layer's .terraform.lock.hcl pins it, so the mirror must hold it.
PROVIDER_LOCKED = "5.100.0"

# Where an unpacked filesystem mirror is usually found (Terraform's own implied locations first).
MIRROR_CANDIDATES = (
    "~/.terraform.d/plugins",
    "~/.local/share/terraform/plugins",
    "/usr/local/share/terraform/plugins",
    "/usr/share/terraform/plugins",
    "/opt/tf-plugins",
    "/opt/terraform/plugins",
)


class ToolchainError(Exception):
    """A missing or unusable part of the Terraform toolchain, with what to do about it."""


def os_arch():
    machine = platform.machine().lower()
    arch = {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64"}.get(machine, machine)
    return "%s_%s" % (platform.system().lower(), arch)


def _dotted(version):
    return ".".join(map(str, version))


def parse_version(text):
    """(major, minor, patch) of a version string such as ``1.10.0`` or ``1.11.0-rc1``."""
    return tuple(int(p) for p in re.findall(r"\d+", text)[:3])


def missing_features(version, features=TERRAFORM_FEATURES):
    """What a Terraform ``version`` (tuple) lacks, as "<feature> needs >= <release>", the newest need first."""
    return ["%s needs >= %s" % (what, _dotted(needs)) for needs, what in sorted(features, reverse=True)
            if version < needs]


def _version_by_subprocess(path):
    """``terraform version -json`` for the Makefile's script run, before Ansible is installed; the module passes
    the collection's Terraform wrapper instead (terraform_cli.TerraformCLI.version)."""
    out = subprocess.run([path, "version", "-json"], capture_output=True, text=True, timeout=60,
                         env=dict(os.environ, CHECKPOINT_DISABLE="1"), check=True)
    return json.loads(out.stdout)


def find_terraform(binary=None, version_of=_version_by_subprocess):
    """Return (path, version string). Raise ToolchainError naming what is missing and how to install it.
    ``version_of(path)`` returns ``terraform version -json`` as a dict, or raises."""
    path = binary or shutil.which("terraform")
    if not path or not os.access(path, os.X_OK):
        raise ToolchainError(
            "terraform was not found on PATH%s. Install Terraform >= %s "
            "(https://developer.hashicorp.com/terraform/install, or your package manager's 'terraform' package) "
            "and re-run." % (" (looked for %r)" % binary if binary else "", _dotted(MIN_TERRAFORM))
        )
    try:
        version = version_of(path)["terraform_version"]
    except Exception as exc:  # pylint: disable=broad-except  # any failure to run it is the same answer to the user
        raise ToolchainError("could not run '%s version -json': %s" % (path, exc)) from exc
    missing = missing_features(parse_version(version))
    if missing:
        raise ToolchainError(
            "Terraform %s at %s is too old: %s. Install Terraform >= %s "
            "(https://developer.hashicorp.com/terraform/install) and re-run."
            % (version, path, "; ".join(missing), _dotted(MIN_TERRAFORM))
        )
    return path, version


def find_provider_mirror(explicit=None):
    """Return the root of an unpacked filesystem mirror holding hashicorp/aws for this platform, or None.

    ``explicit`` (or TF_PROVIDER_MIRROR) wins; when it is given but holds no provider, that is an error,
    never a silent fall back to the registry.
    """
    explicit = explicit or os.environ.get("TF_PROVIDER_MIRROR")
    candidates = [explicit] if explicit else [os.path.expanduser(c) for c in MIRROR_CANDIDATES]
    for root in candidates:
        found = provider_versions(root)
        if PROVIDER_LOCKED in found:
            return os.path.abspath(root)
        if found:
            # The layers' lock files accept only the locked release: init would fail later, less clearly.
            raise ToolchainError(
                "the provider mirror %s holds %s %s for %s, but the layers' .terraform.lock.hcl files pin %s "
                "(the tested release). Unpack %s %s for %s into %s/%s/%s/%s/, or point TF_PROVIDER_MIRROR at a "
                "mirror that holds it." % (root, PROVIDER_SOURCE, ", ".join(found), os_arch(), PROVIDER_LOCKED,
                                           PROVIDER_SOURCE, PROVIDER_LOCKED, os_arch(), root, PROVIDER_SOURCE,
                                           PROVIDER_LOCKED, os_arch()))
    if explicit:
        raise ToolchainError(
            "TF_PROVIDER_MIRROR=%s holds no unpacked %s provider for %s (expected %s/%s/<version>/%s/). "
            "Point it at an unpacked filesystem mirror, or unset it to use the public registry."
            % (explicit, PROVIDER_SOURCE, os_arch(), explicit, PROVIDER_SOURCE, os_arch())
        )
    return None


def provider_versions(mirror):
    return sorted(os.path.basename(os.path.dirname(os.path.dirname(p))) for p in glob.glob(
        os.path.join(mirror, PROVIDER_SOURCE, "*", os_arch(), "terraform-provider-aws*")))


def render_cli_config(mirror, cache_dir):
    """HCL of the CLI config. With a mirror, hashicorp/* comes only from it (offline); otherwise the registry
    with a plugin cache, so N layers share one provider copy."""
    lines = ["# Written by platform_ops.ecs_ec2 terraform_toolchain; do not edit.", ""]
    if mirror:
        # An unpacked mirror is symlinked into each .terraform/ folder, so no cache is needed (and a cache
        # would copy the provider once more).
        lines += [
            "provider_installation {",
            "  filesystem_mirror {",
            "    path    = %s" % json.dumps(mirror),
            '    include = ["registry.terraform.io/hashicorp/*"]',
            "  }",
            "  direct {",
            '    exclude = ["registry.terraform.io/hashicorp/*"]',
            "  }",
            "}",
        ]
    else:
        lines += ["plugin_cache_dir = %s" % json.dumps(cache_dir), "plugin_cache_may_break_dependency_lock_file = true"]
    return "\n".join(lines) + "\n"


def setup(config_path, binary=None, mirror=None, version_of=_version_by_subprocess):
    """Find everything, write the CLI config, return a dict describing the toolchain."""
    tf_path, tf_version = find_terraform(binary, version_of)
    mirror = find_provider_mirror(mirror)
    config_path = os.path.abspath(config_path)
    cache_dir = os.path.join(os.path.dirname(config_path), "plugin-cache")
    content = render_cli_config(mirror, cache_dir)
    changed = True
    if os.path.exists(config_path):
        with open(config_path) as f:
            changed = f.read() != content
    if changed:
        os.makedirs(os.path.dirname(config_path), exist_ok=True)
        if not mirror:
            os.makedirs(cache_dir, exist_ok=True)
        write_atomic(config_path, content, mode=0o644)
    if mirror:
        source = "filesystem mirror %s (offline; hashicorp/aws %s)" % (mirror, ", ".join(provider_versions(mirror)))
    else:
        source = "public registry registry.terraform.io (online; plugin cache %s)" % cache_dir
    return {
        "changed": changed,
        "binary_path": tf_path,
        "version": tf_version,
        "provider_source": "mirror" if mirror else "registry",
        "mirror_path": mirror,
        "cli_config_file": config_path,
        "summary": "terraform %s at %s; providers from %s" % (tf_version, tf_path, source),
        "environment": {
            "TF_CLI_CONFIG_FILE": config_path,
            "CHECKPOINT_DISABLE": "1",
            "TF_IN_AUTOMATION": "1",
            "TF_INPUT": "0",
            # init uses each layer's committed .terraform.lock.hcl as it is and never rewrites it (a provider
            # upgrade is a reviewed change: docs/layers.md, "Version floors").
            "TF_CLI_ARGS_init": "-lockfile=readonly",
            # Terraform and the provider are short-lived Go processes: at the default GOGC=100 their garbage
            # collector costs about a quarter of a plan's CPU; 400 trades ~200 MB more peak memory per plan for it.
            "GOGC": os.environ.get("GOGC", "400"),
        },
    }
