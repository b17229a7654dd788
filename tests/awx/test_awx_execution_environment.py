"""execution-environment.yml: `ansible-builder create` writes a valid build context offline, and the Terraform step
installs from the build-time bundle without downloading anything when the bundle holds Terraform and the provider."""

import os
import shutil
import subprocess
import zipfile

import pytest
import yaml

from tests.helpers import ROOT, VENV_BIN

# The platform install-terraform.sh looks for, as it computes it.
PLATFORM = "linux_arm64" if os.uname().machine in ("aarch64", "arm64") else "linux_amd64"


def create_context(ee_dir, context):
    proc = subprocess.run(
        [os.path.join(VENV_BIN, "ansible-builder"), "create", "-f", os.path.join(ee_dir, "execution-environment.yml"),
         "-c", str(context), "--output-filename", "Containerfile"],
        cwd=ee_dir, capture_output=True, text=True, timeout=120,
        # No proxy and no route out: create must not need the network.
        env=dict(os.environ, HTTPS_PROXY="http://127.0.0.1:9", HTTP_PROXY="http://127.0.0.1:9", NO_PROXY=""),
        check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with open(os.path.join(context, "Containerfile")) as f:
        return f.read()


@pytest.fixture(scope="module")
def context(tmp_path_factory):
    ctx = tmp_path_factory.mktemp("ee") / "context"
    return ctx, create_context(ROOT, ctx)


def stage(containerfile, name):
    """Lines of one build stage of the Containerfile."""
    lines, current = [], None
    for line in containerfile.splitlines():
        if line.startswith("FROM "):
            current = line.split(" AS ")[-1].strip()
        elif current == name:
            lines.append(line)
    return lines


def test_definition_is_schema_3_and_pins_what_the_collection_needs():
    with open(os.path.join(ROOT, "execution-environment.yml")) as f:
        ee = yaml.safe_load(f)
    assert ee["version"] == 3
    deps = ee["dependencies"]
    assert deps["ansible_core"]["package_pip"].startswith("ansible-core==2.19")
    assert any(p.startswith("boto3==") for p in deps["python"])
    # every pinned requirement a module imports is in the image (the drift check's HCL parser included)
    with open(os.path.join(ROOT, "requirements.txt")) as f:
        pinned = dict(line.split("==") for line in f.read().splitlines() if "==" in line and not line.startswith("#"))
    assert "python-hcl2==%s" % pinned["python-hcl2"] in deps["python"]
    assert sorted(c["name"] for c in deps["galaxy"]["collections"]) == ["amazon.aws", "community.general"]
    with open(os.path.join(ROOT, "galaxy.yml")) as f:
        assert set(yaml.safe_load(f)["dependencies"]) == {"amazon.aws", "community.general"}
    assert deps["system"] == "bindep.txt" and os.path.isfile(os.path.join(ROOT, "bindep.txt"))


def test_create_writes_a_complete_build_context(context):
    ctx, containerfile = context
    for path in ("_build/requirements.txt", "_build/requirements.yml", "_build/bindep.txt",
                 "_build/scripts/assemble", "_build/scripts-terraform/install-terraform.sh",
                 "_build/terraform-bundle/README.md"):
        assert os.path.isfile(os.path.join(ctx, path)), path
    with open(os.path.join(ctx, "_build", "requirements.txt")) as f:
        assert "boto3==1.44.5" in f.read()
    with open(os.path.join(ctx, "_build", "requirements.yml")) as f:
        assert {c["name"] for c in yaml.safe_load(f)["collections"]} == {"amazon.aws", "community.general"}
    assert [line.split(" AS ")[-1] for line in containerfile.splitlines() if line.startswith("FROM ")] == [
        "base", "galaxy", "builder", "final"]
    assert 'ANSIBLE_INSTALL_REFS="ansible-core==2.19.14 ansible-runner==2.4.3"' in containerfile


def test_terraform_comes_from_the_bundle_in_the_builder_stage(context):
    _ctx, containerfile = context
    builder, final = stage(containerfile, "builder"), stage(containerfile, "final")
    assert "COPY _build/terraform-bundle/ /tmp/terraform-bundle/" in builder
    assert any(line.startswith("RUN ") and "install-terraform.sh /tmp/terraform-bundle" in line for line in builder)
    assert {"ARG TF_VERSION=1.11.4", "ARG TF_AWS_PROVIDER_VERSION=5.100.0", "ARG TF_OFFLINE=0"} <= set(builder)
    # The final image takes only the results, never the bundle, and points the collection at the mirror.
    assert "COPY --from=builder /usr/local/bin/terraform /usr/local/bin/terraform" in final
    assert "COPY --from=builder /opt/tf-plugins/ /opt/tf-plugins/" in final
    assert not any("terraform-bundle" in line for line in final)
    assert any(line.startswith("ENV TF_PROVIDER_MIRROR=/opt/tf-plugins") for line in final)
    # No download step written into the Containerfile itself.
    assert "curl" not in containerfile and "wget" not in containerfile


@pytest.fixture
def bundle_build(tmp_path):
    """An EE definition whose bundle holds a Terraform release archive and an unpacked provider mirror; a `curl`
    that records every call and fails."""
    ee_dir = tmp_path / "repo"
    shutil.copytree(os.path.join(ROOT, "awx", "ee"), ee_dir / "awx" / "ee")
    shutil.copy(os.path.join(ROOT, "execution-environment.yml"), ee_dir)
    shutil.copy(os.path.join(ROOT, "bindep.txt"), ee_dir)
    bundle = ee_dir / "awx" / "ee" / "bundle"
    with zipfile.ZipFile(bundle / ("terraform_1.11.4_%s.zip" % PLATFORM), "w") as z:
        z.writestr("terraform", "#!/bin/sh\necho 'Terraform v1.11.4 (bundle)'\n")
    provider = bundle / "plugins" / "registry.terraform.io" / "hashicorp" / "aws" / "5.100.0" / PLATFORM
    provider.mkdir(parents=True)
    (provider / "terraform-provider-aws_v5.100.0_x5").write_text("provider")
    shims = tmp_path / "shims"
    shims.mkdir()
    for tool in ("curl", "wget"):
        (shims / tool).write_text("#!/bin/sh\necho \"%s $*\" >> %s\nexit 7\n" % (tool, tmp_path / "downloads.log"))
        (shims / tool).chmod(0o755)
    return ee_dir, tmp_path


def run_install(context, tmp_path, **env):
    """Run the context's install step as the Containerfile does, into private bin and mirror dirs."""
    bundle = os.path.join(context, "_build", "terraform-bundle")
    script = os.path.join(context, "_build", "scripts-terraform", "install-terraform.sh")
    run_env = dict(os.environ, PATH="%s:%s" % (tmp_path / "shims", os.environ["PATH"]),
                   TF_BIN_DIR=str(tmp_path / "bin"), TF_MIRROR_DIR=str(tmp_path / "mirror"),
                   PYCMD=os.path.join(VENV_BIN, "python"), **env)
    return subprocess.run(["sh", script, bundle], capture_output=True, text=True, env=run_env, timeout=120, check=False)


def test_a_bundled_terraform_and_provider_install_without_any_download(bundle_build):
    ee_dir, tmp_path = bundle_build
    context = tmp_path / "context"
    create_context(str(ee_dir), context)
    proc = run_install(context, tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert not (tmp_path / "downloads.log").exists(), (tmp_path / "downloads.log").read_text()
    assert "Terraform v1.11.4 (bundle)" in proc.stdout
    assert os.access(tmp_path / "bin" / "terraform", os.X_OK)
    installed = tmp_path / "mirror" / "registry.terraform.io/hashicorp/aws/5.100.0" / PLATFORM
    assert (installed / "terraform-provider-aws_v5.100.0_x5").read_text() == "provider"


def test_a_missing_piece_fails_an_offline_build_instead_of_downloading(bundle_build):
    ee_dir, tmp_path = bundle_build
    shutil.rmtree(ee_dir / "awx" / "ee" / "bundle" / "plugins")
    context = tmp_path / "context"
    create_context(str(ee_dir), context)
    proc = run_install(context, tmp_path, TF_OFFLINE="1")
    assert proc.returncode != 0
    assert "terraform-provider-aws_5.100.0_%s.zip is not in the bundle" % PLATFORM in proc.stderr
    assert not (tmp_path / "downloads.log").exists()
    # Without TF_OFFLINE the same build downloads exactly the missing provider, from HashiCorp's releases.
    proc = run_install(context, tmp_path)
    assert proc.returncode != 0  # the curl shim fails
    calls = (tmp_path / "downloads.log").read_text().splitlines()
    assert calls and all("releases.hashicorp.com/terraform-provider-aws/5.100.0/" in c for c in calls), calls
