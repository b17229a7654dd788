"""Demo fixtures in the emulator: KMS keys, SSM SecureString parameters, Secrets Manager secrets, ACM certs,
Route 53 hosted zones.

Reads ``<inventory>/emulator-fixtures.yml``, creates what is missing (reusing what exists, so it is
idempotent) and writes only the ARNs to ``<inventory>/group_vars/all/generated_fixtures.yml``. Secret
values are generated here with ``secrets.token_urlsafe`` and sent straight to the emulator: they are never
printed, logged or written. The ACM certificate is a self-signed certificate imported into ACM (ISSUED). A hosted
zone's entry is its bare ID (what ``ecs_route53_zone_id`` takes), not an ARN.

Schema of emulator-fixtures.yml (every list optional; ``id`` is the key in ``emulator_fixture_arns``)::

    region: us-east-1
    account_id: "123456789012"                              # optional: refuse an emulator answering as another
    kms_keys:       [{id, alias, description?}]
    ssm_parameters: [{id, name, kms_key?, description?}]    # kms_key: id of a kms_keys entry
    secrets:        [{id, name, kms_key?, description?, suffix?}]   # suffix: the ARN's 6 characters after the name
    certificates:   [{id, domain_name, subject_alternative_names?}]
    hosted_zones:   [{id, name}]                             # public zone; reused by name
"""

from __future__ import annotations

import datetime
import re
import secrets
from pathlib import Path
from typing import Any

import yaml

from emulator import HOST

SPEC_FILE = "emulator-fixtures.yml"
OUTPUT_FILE = Path("group_vars") / "all" / "generated_fixtures.yml"
OUTPUT_VARIABLE = "emulator_fixture_arns"
FIXTURE_TAG = "emulator-fixture"
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
ACCOUNT_PATTERN = re.compile(r"^[0-9]{12}$")
# Secrets Manager appends "-" and 6 random characters to a secret's name in its ARN; moto takes them from this tag.
SUFFIX_PATTERN = re.compile(r"^[A-Za-z0-9]{6}$")
MOTO_CUSTOM_ID_TAG = "_custom_id_"
SECTIONS = {
    "kms_keys": ("alias",),
    "ssm_parameters": ("name",),
    "secrets": ("name",),
    "certificates": ("domain_name",),
    "hosted_zones": ("name",),
}


class FixtureError(ValueError):
    """The fixture file is wrong or the emulator refused a fixture."""


# ---- the spec ---------------------------------------------------------------------------------------


def load_spec(path: Path) -> dict[str, Any]:
    try:
        spec = yaml.safe_load(path.read_text()) or {}
    except OSError as exc:
        raise FixtureError(f"cannot read {path}: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise FixtureError(f"{path} is not valid YAML: {exc}") from exc
    validate_spec(spec, str(path))
    return spec


def validate_spec(spec: Any, where: str = "fixtures") -> None:
    if not isinstance(spec, dict):
        raise FixtureError(f"{where}: expected a mapping at the top level")
    unknown = set(spec) - set(SECTIONS) - {"region", "account_id"}
    if unknown:
        raise FixtureError(
            f"{where}: unknown keys {sorted(unknown)}; expected region, account_id, {', '.join(SECTIONS)}"
        )
    if "account_id" in spec and not ACCOUNT_PATTERN.match(str(spec["account_id"])):
        raise FixtureError(f"{where}: account_id {spec['account_id']!r} must be 12 digits (quote it in YAML)")
    seen: set[str] = set()
    for section, required in SECTIONS.items():
        entries = spec.get(section) or []
        if not isinstance(entries, list):
            raise FixtureError(f"{where}: {section} must be a list")
        for entry in entries:
            if not isinstance(entry, dict):
                raise FixtureError(f"{where}: every {section} entry must be a mapping")
            fixture_id = entry.get("id")
            if not isinstance(fixture_id, str) or not ID_PATTERN.match(fixture_id):
                raise FixtureError(f"{where}: {section} id {fixture_id!r} must match {ID_PATTERN.pattern}")
            if fixture_id in seen:
                raise FixtureError(f"{where}: duplicate id {fixture_id!r}")
            seen.add(fixture_id)
            for key in required:
                if not entry.get(key):
                    raise FixtureError(f"{where}: {section} entry {fixture_id!r} needs {key!r}")
    for entry in spec.get("secrets") or []:
        if "suffix" in entry and not SUFFIX_PATTERN.match(str(entry["suffix"])):
            raise FixtureError(
                f"{where}: secrets entry {entry['id']!r} suffix {entry['suffix']!r} must be 6 letters or digits"
            )
    kms_ids = {k["id"] for k in spec.get("kms_keys") or []}
    for section in ("ssm_parameters", "secrets"):
        for entry in spec.get(section) or []:
            if entry.get("kms_key") and entry["kms_key"] not in kms_ids:
                raise FixtureError(
                    f"{where}: {section} entry {entry['id']!r} names unknown kms_key {entry['kms_key']!r}"
                )


# ---- one function per kind; each reuses what exists ---------------------------------------------


def ensure_kms_key(kms: Any, alias: str, description: str = "") -> str:
    """ARN of the key behind ``alias``, creating key and alias when the alias does not exist."""
    for page in kms.get_paginator("list_aliases").paginate():
        for entry in page["Aliases"]:
            if entry["AliasName"] == alias and entry.get("TargetKeyId"):
                return kms.describe_key(KeyId=entry["TargetKeyId"])["KeyMetadata"]["Arn"]
    key = kms.create_key(Description=description or alias, Tags=[{"TagKey": FIXTURE_TAG, "TagValue": alias}])
    kms.create_alias(AliasName=alias, TargetKeyId=key["KeyMetadata"]["KeyId"])
    return key["KeyMetadata"]["Arn"]


def ensure_secure_string_parameter(ssm: Any, name: str, kms_key_id: str | None = None, description: str = "") -> str:
    """ARN of SecureString ``name``; a new one gets a random value that never leaves this function."""
    try:
        return ssm.get_parameter(Name=name)["Parameter"]["ARN"]
    except ssm.exceptions.ParameterNotFound:
        pass
    kwargs: dict[str, Any] = {"KeyId": kms_key_id} if kms_key_id else {}
    ssm.put_parameter(
        Name=name,
        Type="SecureString",
        Value=secrets.token_urlsafe(32),
        Description=description or "emulator demo fixture",
        **kwargs,
    )
    return ssm.get_parameter(Name=name)["Parameter"]["ARN"]


def ensure_secret(
    secretsmanager: Any, name: str, kms_key_id: str | None = None, description: str = "", suffix: str | None = None
) -> str:
    """ARN of secret ``name``; a new one gets a random value that never leaves this function. With ``suffix`` its ARN
    ends in ``<name>-<suffix>`` (an inventory that names a fixed ARN), through moto's custom-id tag."""
    try:
        arn = secretsmanager.describe_secret(SecretId=name)["ARN"]
    except secretsmanager.exceptions.ResourceNotFoundException:
        kwargs: dict[str, Any] = {"KmsKeyId": kms_key_id} if kms_key_id else {}
        if suffix:
            kwargs["Tags"] = [{"Key": MOTO_CUSTOM_ID_TAG, "Value": suffix}]
        arn = secretsmanager.create_secret(
            Name=name,
            SecretString=secrets.token_urlsafe(32),
            Description=description or "emulator demo fixture",
            **kwargs,
        )["ARN"]
    if suffix and not arn.endswith(f":secret:{name}-{suffix}"):
        raise FixtureError(f"secret {name} exists as {arn}, without suffix {suffix}: delete it or restart the emulator")
    return arn


def self_signed_certificate(domain_name: str, alternative_names: list[str]) -> tuple[bytes, bytes]:
    """(certificate PEM, private key PEM) for a one-year self-signed RSA 2048 certificate."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, domain_name)])
    now = datetime.datetime.now(datetime.UTC)
    names = [domain_name, *[n for n in alternative_names if n != domain_name]]
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=365))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in names]), critical=False)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return certificate.public_bytes(serialization.Encoding.PEM), key_pem


def ensure_imported_certificate(
    acm: Any, fixture_id: str, domain_name: str, alternative_names: list[str] | None = None
) -> str:
    """ARN of the certificate tagged for this fixture, importing a fresh self-signed one when absent."""
    for page in acm.get_paginator("list_certificates").paginate():
        for summary in page["CertificateSummaryList"]:
            if summary.get("DomainName") != domain_name:
                continue
            tags = acm.list_tags_for_certificate(CertificateArn=summary["CertificateArn"]).get("Tags", [])
            if {"Key": FIXTURE_TAG, "Value": fixture_id} in tags:
                return summary["CertificateArn"]
    certificate, private_key = self_signed_certificate(domain_name, alternative_names or [])
    return acm.import_certificate(
        Certificate=certificate, PrivateKey=private_key, Tags=[{"Key": FIXTURE_TAG, "Value": fixture_id}]
    )["CertificateArn"]


def ensure_hosted_zone(route53: Any, fixture_id: str, name: str) -> str:
    """Bare ID of the public hosted zone ``name``, creating it when no zone of that name exists."""
    wanted = name.rstrip(".").lower() + "."
    for page in route53.get_paginator("list_hosted_zones").paginate():
        for zone in page["HostedZones"]:
            if zone["Name"].lower() == wanted and not zone.get("Config", {}).get("PrivateZone"):
                return zone["Id"].split("/")[-1]
    created = route53.create_hosted_zone(
        Name=wanted, CallerReference=f"{FIXTURE_TAG}-{fixture_id}-{secrets.token_hex(4)}",
        HostedZoneConfig={"Comment": f"{FIXTURE_TAG} {fixture_id}", "PrivateZone": False})
    return created["HostedZone"]["Id"].split("/")[-1]


# ---- the whole file ---------------------------------------------------------------------------------


def clients(port: int, region: str) -> dict[str, Any]:
    import boto3

    session = boto3.session.Session(
        aws_access_key_id="testing",
        aws_secret_access_key="testing",  # noqa: S106
        region_name=region,
    )
    endpoint = f"http://{HOST}:{port}"
    names = ("sts", "kms", "ssm", "secretsmanager", "acm", "route53")
    return {name: session.client(name, endpoint_url=endpoint) for name in names}


def create_fixtures(spec: dict[str, Any], aws: dict[str, Any]) -> dict[str, str]:
    """Create (or reuse) every fixture of ``spec``; returns {id: ARN}."""
    validate_spec(spec)
    if spec.get("account_id") and "sts" in aws:
        account = aws["sts"].get_caller_identity()["Account"]
        if account != str(spec["account_id"]):
            raise FixtureError(
                f"the emulator answers as account {account}, the fixtures are for {spec['account_id']}: start it with "
                f"`python -m emulator up --account-id {spec['account_id']}` (on another port, or after `down`)"
            )
    arns: dict[str, str] = {}
    for key in spec.get("kms_keys") or []:
        arns[key["id"]] = ensure_kms_key(aws["kms"], key["alias"], key.get("description", ""))
    for param in spec.get("ssm_parameters") or []:
        arns[param["id"]] = ensure_secure_string_parameter(
            aws["ssm"], param["name"], arns.get(param.get("kms_key", "")), param.get("description", "")
        )
    for secret in spec.get("secrets") or []:
        arns[secret["id"]] = ensure_secret(
            aws["secretsmanager"],
            secret["name"],
            arns.get(secret.get("kms_key", "")),
            secret.get("description", ""),
            secret.get("suffix"),
        )
    for cert in spec.get("certificates") or []:
        arns[cert["id"]] = ensure_imported_certificate(
            aws["acm"], cert["id"], cert["domain_name"], cert.get("subject_alternative_names") or []
        )
    for zone in spec.get("hosted_zones") or []:
        arns[zone["id"]] = ensure_hosted_zone(aws["route53"], zone["id"], zone["name"])
    return arns


def write_arns(inventory: Path, arns: dict[str, str]) -> Path:
    path = inventory / OUTPUT_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    header = f"---\n# Generated by `python -m emulator fixtures` from {SPEC_FILE}: ARNs only, never secret values.\n"
    path.write_text(header + yaml.safe_dump({OUTPUT_VARIABLE: dict(sorted(arns.items()))}, sort_keys=True))
    return path


def run_fixtures(port: int, inventory: Path) -> str:
    from botocore.exceptions import BotoCoreError, ClientError

    spec = load_spec(inventory / SPEC_FILE)
    try:
        arns = create_fixtures(spec, clients(port, spec.get("region") or "us-east-1"))
    except (BotoCoreError, ClientError) as exc:
        raise FixtureError(f"emulator on port {port} refused a fixture: {exc}") from exc
    path = write_arns(inventory, arns)
    return f"{len(arns)} fixtures ready in the emulator on port {port}; ARNs written to {path}"
