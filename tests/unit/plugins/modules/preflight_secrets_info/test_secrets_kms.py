"""A KMS key named for decryption must exist and be enabled."""

import boto3
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.preflight_secrets import SecretsCheck


def test_disabled_missing_and_malformed_keys(api):
    kms = boto3.client("kms")
    enabled = kms.create_key()["KeyMetadata"]["Arn"]
    disabled = kms.create_key()["KeyMetadata"]
    kms.disable_key(KeyId=disabled["KeyId"])
    pending = kms.create_key()["KeyMetadata"]
    kms.schedule_key_deletion(KeyId=pending["KeyId"], PendingWindowInDays=7)
    missing = "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000"
    refs = [{"key": f"ecs_secret_kms_key_arns[{i}]", "arn": arn}
            for i, arn in enumerate([enabled, disabled["Arn"], pending["Arn"], missing, "arn:aws:kms:us-east-1:*"])]
    result = SecretsCheck(api, [], refs).run()
    reasons = {p["key"]: p["reason"] for p in result["problems"].as_list()}
    assert "ecs_secret_kms_key_arns[0]" not in reasons
    assert reasons["ecs_secret_kms_key_arns[1]"].startswith("the KMS key is Disabled")
    assert reasons["ecs_secret_kms_key_arns[2]"].startswith("the KMS key is PendingDeletion")
    assert reasons["ecs_secret_kms_key_arns[3]"] == "the KMS key does not exist"
    assert "ecs_secret_kms_key_arns[4]" in reasons
    assert [k["status"] for k in result["kms_keys"]] == ["found", "not_enabled", "not_enabled", "missing", "invalid"]
