"""EventBridge rules with an SNS topic target (events-sns-target)."""

import json

import pytest
from botocore.exceptions import ClientError


def rule_to_topic(server, name: str) -> str:
    """A rule whose target is an SNS topic with an SQS queue subscribed; returns the queue URL."""
    sns, sqs, events = server.client("sns"), server.client("sqs"), server.client("events")
    topic = sns.create_topic(Name=name)["TopicArn"]
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn)
    events.put_rule(Name=name, EventPattern=json.dumps({"source": [f"test.{name}"]}))
    events.put_targets(Rule=name, Targets=[{"Id": "topic", "Arn": topic}])
    return url


def entry(name: str) -> dict:
    return {"Source": f"test.{name}", "DetailType": "test", "Detail": json.dumps({"n": 1})}


def test_events_sns_target_fixed(fixed, name):
    url = rule_to_topic(fixed, name)
    result = fixed.client("events").put_events(Entries=[entry(name)])
    assert result["FailedEntryCount"] == 0
    messages = fixed.client("sqs").receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
    assert len(messages) == 1
    event = json.loads(json.loads(messages[0]["Body"])["Message"])
    assert (event["source"], event["detail-type"], event["detail"]) == (f"test.{name}", "test", {"n": 1})
    assert isinstance(event["time"], str) and event["time"].endswith("Z")


def test_events_sns_target_gap_visible_unfixed(unfixed, name):
    rule_to_topic(unfixed, name)
    with pytest.raises(ClientError) as error:
        unfixed.client("events").put_events(Entries=[entry(name)])
    assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500
