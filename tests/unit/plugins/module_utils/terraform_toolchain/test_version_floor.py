"""terraform_toolchain refuses a Terraform without a feature the layers use, naming the feature and the release that
has it; it refuses a mirror without the locked provider release; init never rewrites a committed lock file."""

import stat

import pytest
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils import terraform_toolchain as tt


def fake_terraform(tmp_path, version):
    path = tmp_path / "terraform"
    path.write_text("#!/bin/sh\necho '{\"terraform_version\": \"%s\"}'\n" % version)
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return str(path)


def fake_mirror(tmp_path, version):
    d = tmp_path / "mirror" / tt.PROVIDER_SOURCE / version / tt.os_arch()
    d.mkdir(parents=True)
    (d / ("terraform-provider-aws_v%s_x5" % version)).write_text("")
    return str(tmp_path / "mirror")


def test_terraform_1_9_is_refused_for_the_s3_lockfile(tmp_path):
    binary = fake_terraform(tmp_path, "1.9.8")
    with pytest.raises(tt.ToolchainError) as err:
        tt.find_terraform(binary)
    assert str(err.value).startswith(
        "Terraform 1.9.8 at %s is too old: the S3 backend's use_lockfile needs >= 1.10.0. "
        "Install Terraform >= 1.10.0" % binary)


def test_an_older_terraform_hears_every_feature_it_lacks_newest_first(tmp_path):
    with pytest.raises(tt.ToolchainError) as err:
        tt.find_terraform(fake_terraform(tmp_path, "1.7.5"))
    message = str(err.value)
    assert ("too old: the S3 backend's use_lockfile needs >= 1.10.0; input variable validation that refers to "
            "other variables (network module) needs >= 1.9.0.") in message
    assert "check block" not in message  # 1.7.5 has it (1.5.0)


@pytest.mark.parametrize("version", ["1.10.0", "1.10.5", "1.11.4", "1.12.0-rc1"])
def test_the_floor_and_later_releases_are_accepted(tmp_path, version):
    assert tt.find_terraform(fake_terraform(tmp_path, version))[1] == version


def test_the_floor_is_the_newest_feature_s_release():
    assert tt.MIN_TERRAFORM == (1, 10, 0)
    assert tt.missing_features((1, 10, 0)) == []


def test_the_module_tests_need_more_than_a_deployment():
    missing = tt.missing_features((1, 10, 5), tt.TEST_FEATURES)
    assert missing == ["terraform test's override_during = plan needs >= 1.11.0"]
    assert tt.MIN_TERRAFORM_TESTS == (1, 11, 0)


def test_a_mirror_without_the_locked_release_is_refused_naming_both(tmp_path):
    mirror = fake_mirror(tmp_path, "5.90.0")
    with pytest.raises(tt.ToolchainError) as err:
        tt.setup(str(tmp_path / "cli.tfrc"), fake_terraform(tmp_path, "1.11.4"), mirror)
    message = str(err.value)
    assert "holds %s 5.90.0" % tt.PROVIDER_SOURCE in message
    assert "lock.hcl files pin 5.100.0" in message
    assert "%s/%s/5.100.0/%s/" % (mirror, tt.PROVIDER_SOURCE, tt.os_arch()) in message


def test_init_never_rewrites_the_committed_lock_file(tmp_path):
    info = tt.setup(str(tmp_path / "cli.tfrc"), fake_terraform(tmp_path, "1.11.4"), fake_mirror(tmp_path, "5.100.0"))
    assert info["environment"]["TF_CLI_ARGS_init"] == "-lockfile=readonly"
