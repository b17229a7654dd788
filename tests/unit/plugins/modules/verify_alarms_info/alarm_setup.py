"""The observability layer's alarms, created in moto's CloudWatch as the Terraform module defines them."""

import boto3

TG_ARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/demo-local-web/0123456789abcdef"
RULES = ["demo-local-deployment-failed", "demo-local-instance-lost"]
LOG_GROUP = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/events/demo-local"


class Alarms:
    def __init__(self):
        self.cw = boto3.client("cloudwatch")
        self.events = boto3.client("events")
        self.topic = boto3.client("sns").create_topic(Name="demo-local-alarms")["TopicArn"]
        self.names = []

    def put(self, name, actions=None, **metric):
        self.cw.put_metric_alarm(AlarmName=name, EvaluationPeriods=1, Threshold=metric.pop("Threshold", 0),
                                 ComparisonOperator="GreaterThanThreshold",
                                 AlarmActions=[self.topic] if actions is None else actions, **metric)
        self.names.append(name)

    def rules(self, targets=None):
        """The two rules, each with one target: the event log group, or the ARNs given."""
        for rule in RULES:
            self.events.put_rule(Name=rule, EventPattern='{"source": ["aws.ecs"]}')
            self.events.put_targets(Rule=rule, Targets=[{"Id": "t%d" % i, "Arn": arn}
                                                        for i, arn in enumerate(targets or [LOG_GROUP])])
        return self

    def design(self, skip=(), actions=None):
        """Every alarm of the design for service web, minus the names in `skip`, and the rules they count."""
        self.rules()
        running = dict(Metrics=[
            {"Id": "missing", "Expression": "desired - running", "ReturnData": True},
            {"Id": "running", "ReturnData": False, "MetricStat": {"Period": 60, "Stat": "Average", "Metric": {
                "Namespace": "ECS/ContainerInsights", "MetricName": "RunningTaskCount",
                "Dimensions": [{"Name": "ClusterName", "Value": "demo"}, {"Name": "ServiceName", "Value": "web"}]}}},
            {"Id": "desired", "ReturnData": False, "MetricStat": {"Period": 60, "Stat": "Average", "Metric": {
                "Namespace": "ECS/ContainerInsights", "MetricName": "DesiredTaskCount",
                "Dimensions": [{"Name": "ClusterName", "Value": "demo"}, {"Name": "ServiceName", "Value": "web"}]}}},
        ])
        alarms = {
            "demo-local-web-tasks-below-desired": running,
            "demo-local-web-unhealthy-hosts": dict(
                Namespace="AWS/ApplicationELB", MetricName="UnHealthyHostCount", Statistic="Maximum", Period=60,
                Dimensions=[{"Name": "TargetGroup", "Value": "targetgroup/demo-local-web/0123456789abcdef"},
                            {"Name": "LoadBalancer", "Value": "app/demo-local/0123"}]),
            "demo-local-asg-below-baseline": dict(
                Namespace="AWS/AutoScaling", MetricName="GroupInServiceInstances", Statistic="Minimum", Period=60,
                Threshold=2, Dimensions=[{"Name": "AutoScalingGroupName", "Value": "demo-asg"}]),
        }
        for rule in RULES:
            alarms[rule] = dict(Namespace="AWS/Events", MetricName="TriggeredRules", Statistic="Sum", Period=60,
                                Dimensions=[{"Name": "RuleName", "Value": rule}])
        for name, metric in alarms.items():
            if name not in skip:
                self.put(name, actions, **metric)
        return self

    def args(self, **extra):
        return dict(dict(alarm_names=sorted(self.names), topic_arn=self.topic, service_names={"web": "web"},
                         target_group_arns={"web": TG_ARN}, asg_name="demo-asg", on_demand_base_capacity=2,
                         event_rule_names=RULES), **extra)
