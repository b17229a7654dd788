"""`python -m emulator fixtures`: creation, idempotence, ARNs only, no secret value anywhere."""

import textwrap

import pytest
import yaml
from emulator_testkit import run_cli

from emulator import fixtures

SPEC = textwrap.dedent("""\
    region: us-east-1
    kms_keys:
      - id: secrets_kms_key
        alias: alias/{name}-secrets
    ssm_parameters:
      - id: web_db_password
        name: /{name}/web/db_password
        kms_key: secrets_kms_key
    secrets:
      - id: web_api_token
        name: {name}/web/api_token
        kms_key: secrets_kms_key
    certificates:
      - id: alb_certificate
        domain_name: {name}.demo.example
        subject_alternative_names: ["*.{name}.demo.example"]
    hosted_zones:
      - id: demo_zone
        name: {name}.demo.example
    """)


@pytest.fixture
def inventory(tmp_path, name):
    (tmp_path / fixtures.SPEC_FILE).write_text(SPEC.format(name=name))
    return tmp_path


def generated(inventory) -> dict[str, str]:
    return yaml.safe_load((inventory / fixtures.OUTPUT_FILE).read_text())[fixtures.OUTPUT_VARIABLE]


def run(server, inventory):
    return run_cli("fixtures", "--port", str(server.port), "--inventory", str(inventory))


def test_fixtures_created_and_idempotent(fixed, inventory, name):
    first = run(fixed, inventory)
    assert first.returncode == 0, first.stderr
    arns = generated(inventory)
    assert set(arns) == {"secrets_kms_key", "web_db_password", "web_api_token", "alb_certificate", "demo_zone"}
    assert arns["web_db_password"] == f"arn:aws:ssm:us-east-1:123456789012:parameter/{name}/web/db_password"
    assert arns["web_api_token"].startswith(f"arn:aws:secretsmanager:us-east-1:123456789012:secret:{name}/web/")
    assert arns["alb_certificate"].startswith("arn:aws:acm:us-east-1:123456789012:certificate/")

    ssm, acm, kms = fixed.client("ssm"), fixed.client("acm"), fixed.client("kms")
    parameter = ssm.get_parameter(Name=f"/{name}/web/db_password")["Parameter"]
    assert parameter["Type"] == "SecureString"
    assert ssm.describe_parameters(ParameterFilters=[{"Key": "Name", "Values": [f"/{name}/web/db_password"]}])[
        "Parameters"
    ][0]["KeyId"] in (f"alias/{name}-secrets", arns["secrets_kms_key"].split("/")[-1], arns["secrets_kms_key"])
    certificate = acm.describe_certificate(CertificateArn=arns["alb_certificate"])["Certificate"]
    assert (certificate["Status"], certificate["Type"]) == ("ISSUED", "IMPORTED")
    assert certificate["DomainName"] == f"{name}.demo.example"
    assert kms.describe_key(KeyId=f"alias/{name}-secrets")["KeyMetadata"]["Arn"] == arns["secrets_kms_key"]
    before = ssm.get_parameter(Name=f"/{name}/web/db_password", WithDecryption=True)["Parameter"]["Value"]
    # The zone's bare ID (what ecs_route53_zone_id takes), a public zone of the spec's name.
    zone = fixed.client("route53").get_hosted_zone(Id=arns["demo_zone"])["HostedZone"]
    assert "/" not in arns["demo_zone"] and zone["Name"] == f"{name}.demo.example."
    assert zone["Config"]["PrivateZone"] is False

    second = run(fixed, inventory)
    assert second.returncode == 0, second.stderr
    assert generated(inventory) == arns  # same resources reused
    assert ssm.get_parameter(Name=f"/{name}/web/db_password", WithDecryption=True)["Parameter"]["Value"] == before
    assert (
        len([c for c in acm.list_certificates()["CertificateSummaryList"] if c["DomainName"] == f"{name}.demo.example"])
        == 1
    )
    zones = fixed.client("route53").list_hosted_zones_by_name(DNSName=f"{name}.demo.example")["HostedZones"]
    assert [z["Id"].split("/")[-1] for z in zones if z["Name"] == f"{name}.demo.example."] == [arns["demo_zone"]]


def test_fixture_secrets_never_leave_the_emulator(fixed, inventory, name):
    result = run(fixed, inventory)
    assert result.returncode == 0, result.stderr
    arns = generated(inventory)
    planted = [
        fixed.client("ssm").get_parameter(Name=arns["web_db_password"].split(":parameter")[1], WithDecryption=True)[
            "Parameter"
        ]["Value"],
        fixed.client("secretsmanager").get_secret_value(SecretId=arns["web_api_token"])["SecretString"],
    ]
    assert all(len(value) >= 32 for value in planted)
    haystacks = {"stdout": result.stdout, "stderr": result.stderr, "emulator log": fixed.log_file.read_text()}
    haystacks |= {str(path): path.read_text() for path in inventory.rglob("*") if path.is_file()}
    for where, text in haystacks.items():
        for value in planted:
            assert value not in text, f"a secret value leaked into {where}"
        assert "PRIVATE KEY" not in text


def test_fixture_spec_errors_are_clear(fixed, tmp_path):
    (tmp_path / fixtures.SPEC_FILE).write_text("ssm_parameters:\n  - id: p\n    name: /x\n    kms_key: nope\n")
    result = run(fixed, tmp_path)
    assert result.returncode == 1
    assert "unknown kms_key 'nope'" in result.stderr
    assert not (tmp_path / fixtures.OUTPUT_FILE).exists()
    missing = run(fixed, tmp_path / "absent")
    assert missing.returncode == 1 and "cannot read" in missing.stderr


def test_fixture_functions_are_importable(fixed, name):
    aws = fixtures.clients(fixed.port, "us-east-1")
    spec = {"secrets": [{"id": "only_secret", "name": f"{name}/only"}]}
    arns = fixtures.create_fixtures(spec, aws)
    assert arns == fixtures.create_fixtures(spec, aws)
    assert arns["only_secret"].startswith(f"arn:aws:secretsmanager:us-east-1:123456789012:secret:{name}/only-")
