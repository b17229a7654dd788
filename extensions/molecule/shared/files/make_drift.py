"""Console changes behind Terraform's back (drift), and the checks that they were put back.

    python make_drift.py --alb-arn A --target-group-arn T --cluster C --service S --alarm N --topic-arn SNS
        turns ALB deletion protection off, sets the target group's deregistration delay to 300, the service's
        minimum healthy percent to 50 and its desired count to 3 (autoscaling's to own, not drift), deletes the
        alarm, and subscribes a new SQS queue to the topic. Prints JSON with what was changed and the queue URL.
    python make_drift.py --check-restored --alb-arn ... --alarm N    exits 1 unless the code's values are back
    python make_drift.py --read-queue URL                             prints the notifications the queue received

AWS is reached through AWS_ENDPOINT_URL and the credentials in the environment.
"""

import argparse
import json
import sys
import time

import boto3


def lb_attr(elbv2, arn):
    attrs = elbv2.describe_load_balancer_attributes(LoadBalancerArn=arn)["Attributes"]
    return dict((a["Key"], a["Value"]) for a in attrs)


def tg_attr(elbv2, arn):
    attrs = elbv2.describe_target_group_attributes(TargetGroupArn=arn)["Attributes"]
    return dict((a["Key"], a["Value"]) for a in attrs)


def make(args):
    elbv2, ecs, cw, sqs, sns = (boto3.client(n) for n in ("elbv2", "ecs", "cloudwatch", "sqs", "sns"))
    elbv2.modify_load_balancer_attributes(LoadBalancerArn=args.alb_arn, Attributes=[
        {"Key": "deletion_protection.enabled", "Value": "false"}])
    elbv2.modify_target_group_attributes(TargetGroupArn=args.target_group_arn, Attributes=[
        {"Key": "deregistration_delay.timeout_seconds", "Value": "300"}])
    svc = ecs.describe_services(cluster=args.cluster, services=[args.service])["services"][0]
    config = dict(svc["deploymentConfiguration"], minimumHealthyPercent=50)
    ecs.update_service(cluster=args.cluster, service=args.service, deploymentConfiguration=config, desiredCount=3)
    cw.delete_alarms(AlarmNames=[args.alarm])
    queue = sqs.create_queue(QueueName="molecule-drift-notifications")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sns.subscribe(TopicArn=args.topic_arn, Protocol="sqs", Endpoint=queue_arn)
    print(json.dumps({"queue_url": queue, "changed": {
        "alb": "deletion_protection.enabled=false", "target_group": "deregistration_delay=300",
        "service": "minimumHealthyPercent=50, desiredCount=3", "alarm": "deleted %s" % args.alarm}}))
    return 0


def check_restored(args):
    elbv2, ecs, cw = (boto3.client(n) for n in ("elbv2", "ecs", "cloudwatch"))
    svc = ecs.describe_services(cluster=args.cluster, services=[args.service])["services"][0]
    found = {
        "deletion_protection": lb_attr(elbv2, args.alb_arn).get("deletion_protection.enabled"),
        "deregistration_delay": tg_attr(elbv2, args.target_group_arn).get("deregistration_delay.timeout_seconds"),
        "minimum_healthy_percent": svc["deploymentConfiguration"].get("minimumHealthyPercent"),
        "alarm": [a["AlarmName"] for a in cw.describe_alarms(AlarmNames=[args.alarm])["MetricAlarms"]],
    }
    expected = {"deletion_protection": "true", "deregistration_delay": "30", "minimum_healthy_percent": 100,
                "alarm": [args.alarm]}
    print(json.dumps({"found": found, "expected": expected}))
    return 0 if found == expected else 1


def read_queue(args):
    sqs = boto3.client("sqs")
    messages, deadline = [], time.monotonic() + 30
    while not messages and time.monotonic() < deadline:
        messages = sqs.receive_message(QueueUrl=args.read_queue, MaxNumberOfMessages=10, WaitTimeSeconds=1).get(
            "Messages", [])
    for m in messages:
        body = json.loads(m["Body"])
        print("%s\n%s" % (body.get("Subject"), body.get("Message", "")[:2000]))
    return 0 if messages else 1


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--alb-arn")
    parser.add_argument("--target-group-arn")
    parser.add_argument("--cluster")
    parser.add_argument("--service")
    parser.add_argument("--alarm")
    parser.add_argument("--topic-arn")
    parser.add_argument("--check-restored", action="store_true")
    parser.add_argument("--read-queue")
    args = parser.parse_args(argv)
    if args.read_queue:
        return read_queue(args)
    return check_restored(args) if args.check_restored else make(args)


if __name__ == "__main__":
    sys.exit(main())
