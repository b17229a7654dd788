"""teardown_protected: the ARNs Terraform state holds become the names the S3 and DynamoDB calls take."""

from ansible_collections.platform_ops.ecs_ec2.plugins.modules.teardown_protected import resource_name


def test_bucket_and_table_arns_become_names():
    assert resource_name("aws_s3_bucket", "arn:aws:s3:::demo-local-tfstate-123456789012") == (
        "demo-local-tfstate-123456789012")
    assert resource_name("aws_dynamodb_table", "arn:aws:dynamodb:us-east-1:123456789012:table/demo-local-tflock") == (
        "demo-local-tflock")


def test_names_and_other_arns_are_kept():
    assert resource_name("aws_s3_bucket", "plain-bucket") == "plain-bucket"
    alb = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/demo-local-alb/4c17b4f2f9c33e63"
    assert resource_name("aws_lb", alb) == alb
