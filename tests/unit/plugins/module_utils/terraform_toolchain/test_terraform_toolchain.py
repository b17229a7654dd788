"""terraform_toolchain: find Terraform, choose mirror or registry, write the CLI config; never download."""

import os
import stat

import pytest
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils import terraform_toolchain as tt


def fake_terraform(tmp_path, version):
    path = tmp_path / "terraform"
    path.write_text("#!/bin/sh\necho '{\"terraform_version\": \"%s\"}'\n" % version)
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return str(path)


def fake_mirror(tmp_path):
    d = tmp_path / "mirror" / tt.PROVIDER_SOURCE / "5.100.0" / tt.os_arch()
    d.mkdir(parents=True)
    (d / "terraform-provider-aws_v5.100.0_x5").write_text("")
    return str(tmp_path / "mirror")


def test_missing_terraform_names_what_and_how(tmp_path):
    with pytest.raises(tt.ToolchainError) as err:
        tt.find_terraform(str(tmp_path / "nope"))
    assert "terraform was not found" in str(err.value)
    assert "Install Terraform >= 1.10.0" in str(err.value)


def test_too_old_terraform_is_refused(tmp_path):
    with pytest.raises(tt.ToolchainError, match="too old"):
        tt.find_terraform(fake_terraform(tmp_path, "1.5.7"))


def test_mirror_config_is_offline_only_for_hashicorp(tmp_path):
    info = tt.setup(str(tmp_path / "cli.tfrc"), fake_terraform(tmp_path, "1.11.4"), fake_mirror(tmp_path))
    text = (tmp_path / "cli.tfrc").read_text()
    assert info["provider_source"] == "mirror"
    assert "filesystem_mirror" in text and 'exclude = ["registry.terraform.io/hashicorp/*"]' in text
    assert "plugin_cache_dir" not in text  # an unpacked mirror is symlinked, a cache would copy it
    assert "offline" in info["summary"]
    assert info["environment"]["CHECKPOINT_DISABLE"] == "1"


def test_without_mirror_the_registry_is_used_with_a_plugin_cache(tmp_path, monkeypatch):
    monkeypatch.setattr(tt, "MIRROR_CANDIDATES", (str(tmp_path / "none"),))
    monkeypatch.delenv("TF_PROVIDER_MIRROR", raising=False)
    info = tt.setup(str(tmp_path / "cli.tfrc"), fake_terraform(tmp_path, "1.11.4"))
    text = (tmp_path / "cli.tfrc").read_text()
    assert info["provider_source"] == "registry"
    assert "plugin_cache_dir" in text and "filesystem_mirror" not in text
    assert os.path.isdir(tmp_path / "plugin-cache")


def test_an_explicit_mirror_without_the_provider_is_an_error_not_a_fallback(tmp_path, monkeypatch):
    monkeypatch.setenv("TF_PROVIDER_MIRROR", str(tmp_path))
    with pytest.raises(tt.ToolchainError, match="holds no unpacked"):
        tt.setup(str(tmp_path / "cli.tfrc"), fake_terraform(tmp_path, "1.11.4"))


def test_second_setup_reports_no_change(tmp_path):
    args = (str(tmp_path / "cli.tfrc"), fake_terraform(tmp_path, "1.11.4"), fake_mirror(tmp_path))
    assert tt.setup(*args)["changed"] is True
    assert tt.setup(*args)["changed"] is False
