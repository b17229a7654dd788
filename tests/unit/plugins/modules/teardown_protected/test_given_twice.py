"""teardown_protected: a resource given twice (its ARN from the state, its name from teardown_leftovers_info, as a
re-run of destroy.yml passes both) is deleted once and not reported again as already absent."""

from ansible_collections.platform_ops.ecs_ec2.plugins.modules.teardown_protected import Teardown


class Module:
    check_mode = False

    def fail_json(self, **kwargs):
        raise AssertionError(kwargs)


def test_state_arn_and_leftover_name_of_one_bucket_are_one_delete(api):
    api.call("s3", "create_bucket", Bucket="demo-local-tfstate")
    api.call("dynamodb", "create_table", TableName="demo-local-tflock", BillingMode="PAY_PER_REQUEST",
             KeySchema=[{"AttributeName": "LockID", "KeyType": "HASH"}],
             AttributeDefinitions=[{"AttributeName": "LockID", "AttributeType": "S"}])
    table_arn = "arn:aws:dynamodb:us-east-1:123456789012:table/demo-local-tflock"
    deleted, absent = Teardown(Module(), api).run([
        {"type": "aws_s3_bucket", "id": "arn:aws:s3:::demo-local-tfstate"},
        {"type": "aws_dynamodb_table", "id": table_arn},
        {"type": "aws_s3_bucket", "id": "demo-local-tfstate"},
        {"type": "aws_dynamodb_table", "id": "demo-local-tflock"},
    ])
    assert deleted == ["aws_s3_bucket:arn:aws:s3:::demo-local-tfstate", "aws_dynamodb_table:%s" % table_arn]
    assert absent == []
    assert api.call("s3", "list_buckets")["Buckets"] == []
