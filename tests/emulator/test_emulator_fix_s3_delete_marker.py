"""DeleteObject with a delete marker in the key's history (s3-delete-marker-dispose)."""

import pytest
from botocore.exceptions import ClientError


def delete_after_marker_and_suspend(s3, name):
    s3.create_bucket(Bucket=name)
    s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    s3.put_object(Bucket=name, Key="state.tflock", Body=b"{}")
    s3.delete_object(Bucket=name, Key="state.tflock")  # leaves a delete marker
    s3.put_object(Bucket=name, Key="state.tflock", Body=b"{}")
    s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Suspended"})
    s3.delete_object(Bucket=name, Key="state.tflock")


def test_s3_delete_marker_dispose_fixed(fixed, name):
    s3 = fixed.client("s3")
    delete_after_marker_and_suspend(s3, name)
    assert "Contents" not in s3.list_objects_v2(Bucket=name)


def test_s3_delete_marker_dispose_gap_visible_unfixed(unfixed, name):
    with pytest.raises(ClientError) as crashed:
        delete_after_marker_and_suspend(unfixed.client("s3"), name)
    assert crashed.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500
