"""S3 fixes: lifecycle NewerNoncurrentVersions (s3-lifecycle-newer-noncurrent) and bucket policy conditions
(s3-bucket-policy-conditions)."""

import json

import pytest
from botocore.exceptions import ClientError

LIFECYCLE = {
    "Rules": [
        {
            "ID": "noncurrent",
            "Status": "Enabled",
            "Filter": {},
            "NoncurrentVersionExpiration": {"NoncurrentDays": 90, "NewerNoncurrentVersions": 10},
        }
    ]
}


def tls_only_bucket(s3, name):
    s3.create_bucket(Bucket=name)
    s3.put_bucket_policy(
        Bucket=name,
        Policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "DenyInsecureTransport",
                        "Effect": "Deny",
                        "Principal": "*",
                        "Action": "s3:*",
                        "Resource": ["arn:aws:s3:::%s" % name, "arn:aws:s3:::%s/*" % name],
                        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                    }
                ],
            }
        ),
    )


def test_s3_lifecycle_newer_noncurrent_fixed(fixed, name):
    s3 = fixed.client("s3")
    s3.create_bucket(Bucket=name)
    s3.put_bucket_lifecycle_configuration(Bucket=name, LifecycleConfiguration=LIFECYCLE)
    rule = s3.get_bucket_lifecycle_configuration(Bucket=name)["Rules"][0]
    assert rule["NoncurrentVersionExpiration"] == {"NoncurrentDays": 90, "NewerNoncurrentVersions": 10}


def test_s3_lifecycle_newer_noncurrent_gap_visible_unfixed(unfixed, name):
    s3 = unfixed.client("s3")
    s3.create_bucket(Bucket=name)
    s3.put_bucket_lifecycle_configuration(Bucket=name, LifecycleConfiguration=LIFECYCLE)
    rule = s3.get_bucket_lifecycle_configuration(Bucket=name)["Rules"][0]
    assert "NewerNoncurrentVersions" not in rule["NoncurrentVersionExpiration"]


def test_s3_bucket_policy_conditions_fixed(fixed, name):
    s3 = fixed.client("s3")
    tls_only_bucket(s3, name)
    s3.put_object(Bucket=name, Key="state", Body=b"{}")
    assert s3.get_object(Bucket=name, Key="state")["Body"].read() == b"{}"
    # A Deny without a condition still denies: the policy is evaluated, not dropped.
    s3.put_bucket_policy(
        Bucket=name,
        Policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Deny",
                        "Principal": "*",
                        "Action": "s3:GetObject",
                        "Resource": "arn:aws:s3:::%s/*" % name,
                    }
                ],
            }
        ),
    )
    with pytest.raises(ClientError) as denied:
        s3.get_object(Bucket=name, Key="state")
    assert denied.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403


def test_s3_bucket_policy_conditions_gap_visible_unfixed(unfixed, name):
    s3 = unfixed.client("s3")
    tls_only_bucket(s3, name)
    with pytest.raises(ClientError) as denied:
        s3.put_object(Bucket=name, Key="state", Body=b"{}")
    assert denied.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
