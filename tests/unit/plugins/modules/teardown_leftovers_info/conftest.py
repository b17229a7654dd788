"""A deployment's protected resources in in-process moto, each carrying the provider's default tags (or not)."""

import boto3
import pytest


class Account:
    """Creates resources of the five protected types; returns what teardown_protected would take as id."""

    def __init__(self):
        self.ec2, self.elbv2 = boto3.client("ec2"), boto3.client("elbv2")
        self.ecs, self.s3, self.dynamodb = boto3.client("ecs"), boto3.client("s3"), boto3.client("dynamodb")
        vpc = self.ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        self.subnets = [self.ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.%d.0/24" % i, AvailabilityZone=az)
                        ["Subnet"]["SubnetId"] for i, az in enumerate(("us-east-1a", "us-east-1b"))]

    def alb(self, name, tags):
        return self.elbv2.create_load_balancer(Name=name, Subnets=self.subnets, Tags=[
            {"Key": k, "Value": v} for k, v in tags.items()])["LoadBalancers"][0]["LoadBalancerArn"]

    def cluster(self, name, tags):
        return self.ecs.create_cluster(clusterName=name, tags=[
            {"key": k, "value": v} for k, v in tags.items()])["cluster"]["clusterArn"]

    def task_definition(self, family, tags):
        return self.ecs.register_task_definition(
            family=family, containerDefinitions=[{"name": "app", "image": "nginx", "memory": 128}],
            tags=[{"key": k, "value": v} for k, v in tags.items()])["taskDefinition"]["taskDefinitionArn"]

    def bucket(self, name, tags):
        self.s3.create_bucket(Bucket=name)
        if tags:
            tag_set = [{"Key": k, "Value": v} for k, v in tags.items()]
            self.s3.put_bucket_tagging(Bucket=name, Tagging={"TagSet": tag_set})
        return name

    def table(self, name, tags):
        self.dynamodb.create_table(
            TableName=name, BillingMode="PAY_PER_REQUEST", KeySchema=[{"AttributeName": "LockID", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "LockID", "AttributeType": "S"}],
            Tags=[{"Key": k, "Value": v} for k, v in tags.items()])
        return name


@pytest.fixture
def account(moto):
    return Account()
