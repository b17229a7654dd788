"""service_release_info and service_release on in-process moto: a missing bucket or key is no record, other errors
fail naming the key; a record is written encrypted as the state bucket's policy requires, only when its content
changes, never in check mode, and read back by the info module, which decides the image of each service."""

import json

import boto3
import pytest
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.aws import AwsCallError, AwsClients
from ansible_collections.platform_ops.ecs_ec2.plugins.modules import service_release, service_release_info

BUCKET = "demo-dev-tfstate-123456789012"
KEY = "dev/releases/web.json"
INVENTORY = "registry.example/web:1.0"
HOTFIX = "registry.example/web:1.0.1"


@pytest.fixture
def s3(moto):
    client = boto3.client("s3")
    client.create_bucket(Bucket=BUCKET)
    client.put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"})
    return client


def read_info(run_main, **args):
    return run_main(service_release_info.main, dict(dict(bucket=BUCKET, environment="dev", services=["web", "api"]),
                                                    **args))


def release(run_main, check_mode=False, **args):
    params = dict(bucket=BUCKET, environment="dev", service="web", image=HOTFIX, inventory_image=INVENTORY,
                  previous_image=INVENTORY, released_by="alice")
    params.update(args)
    if check_mode:
        params["_ansible_check_mode"] = True
    return run_main(service_release.main, params)


def test_a_missing_bucket_is_no_record(moto, run_main):
    failed, result = read_info(run_main, inventory_images={"web": INVENTORY})
    assert not failed and result["records"] == {} and not result["changed"]
    assert result["images"]["web"]["image"] == INVENTORY and result["notices"] == []


def test_a_missing_key_is_no_record(s3, run_main):
    failed, result = read_info(run_main)
    assert not failed and result["records"] == {} and result["keys"]["web"] == KEY


def test_a_record_is_written_with_aes256_and_read_back_deciding_the_image(s3, run_main):
    failed, result = release(run_main)
    assert not failed and result["changed"] and result["key"] == KEY and result["version_id"]
    head = s3.head_object(Bucket=BUCKET, Key=KEY)
    assert head["ServerSideEncryption"] == "AES256"
    stored = json.loads(s3.get_object(Bucket=BUCKET, Key=KEY)["Body"].read())
    assert (stored["image"], stored["previous_image"], stored["inventory_image"], stored["released_by"]) == (
        HOTFIX, INVENTORY, INVENTORY, "alice")
    assert stored["released_at"].endswith("Z")

    failed, info = read_info(run_main, inventory_images={"web": INVENTORY, "api": "registry.example/api:3"})
    assert not failed and set(info["records"]) == {"web"}
    assert info["images"]["web"]["image"] == HOTFIX and info["images"]["web"]["source"] == "release"
    assert info["images"]["api"]["image"] == "registry.example/api:3"
    assert info["notices"] == [info["images"]["web"]["notice"]] and "keeping released image" in info["notices"][0]


def test_the_same_release_again_changes_nothing(s3, run_main):
    release(run_main)
    failed, again = release(run_main, released_by="bob")
    assert not failed and not again["changed"] and again["record"]["released_by"] == "alice"
    versions = s3.list_object_versions(Bucket=BUCKET, Prefix=KEY)["Versions"]
    assert len(versions) == 1


def test_a_new_image_keeps_the_earlier_record_as_a_version(s3, run_main):
    release(run_main)
    failed, result = release(run_main, image="registry.example/web:2.0")
    assert not failed and result["changed"] and result["record"]["previous_image"] == HOTFIX
    assert result["previous_record"]["image"] == HOTFIX
    assert len(s3.list_object_versions(Bucket=BUCKET, Prefix=KEY)["Versions"]) == 2


def test_check_mode_writes_nothing(s3, run_main):
    failed, result = release(run_main, check_mode=True)
    assert not failed and result["changed"] and "version_id" not in result
    assert "Contents" not in s3.list_objects_v2(Bucket=BUCKET)


def test_with_the_state_key_the_record_is_sse_kms(s3, run_main):
    key_arn = boto3.client("kms").create_key()["KeyMetadata"]["Arn"]
    failed, result = release(run_main, kms_key_arn=key_arn)
    assert not failed and result["changed"]
    head = s3.head_object(Bucket=BUCKET, Key=KEY)
    assert head["ServerSideEncryption"] == "aws:kms" and head["SSEKMSKeyId"] == key_arn


def test_a_record_that_is_not_a_release_fails_naming_the_key(s3, run_main):
    s3.put_object(Bucket=BUCKET, Key=KEY, Body=b"not json")
    failed, result = read_info(run_main)
    assert failed and "s3://%s/%s is not a release record" % (BUCKET, KEY) in result["msg"]
    assert result["msg"].rstrip().endswith("Runbook: docs/runbooks.md#released-images-and-rollback")


def test_other_errors_fail_clearly(s3, run_main, monkeypatch):
    def denied(self, service, operation, region=None, **params):
        raise AwsCallError(service, operation, "AccessDenied", "Access Denied")

    monkeypatch.setattr(AwsClients, "call", denied)
    failed, result = read_info(run_main)
    assert failed and result["error_code"] == "AccessDenied"
    assert "s3:get_object failed: AccessDenied" in result["msg"] and BUCKET in result["msg"]
    failed, result = release(run_main)
    assert failed and "Could not record the release of web" in result["msg"] and KEY in result["msg"]
