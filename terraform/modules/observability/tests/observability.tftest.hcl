mock_provider "aws" {
  override_data {
    target = data.aws_caller_identity.current
    values = { account_id = "123456789012" }
  }
  override_data {
    target = data.aws_partition.current
    values = { partition = "aws" }
  }
  override_data {
    target = data.aws_region.current
    values = { name = "us-east-1" }
  }
  override_resource {
    target          = aws_sns_topic.this
    override_during = plan
    values          = { arn = "arn:aws:sns:us-east-1:123456789012:demo-local-alarms" }
  }
  override_resource {
    target          = aws_cloudwatch_event_rule.deployment_failed
    override_during = plan
    values          = { arn = "arn:aws:events:us-east-1:123456789012:rule/demo-local-deployment-failed" }
  }
  override_resource {
    target          = aws_cloudwatch_event_rule.spot_interruption
    override_during = plan
    values          = { arn = "arn:aws:events:us-east-1:123456789012:rule/demo-local-spot-interruption" }
  }
}

variables {
  name_prefix               = "demo-local"
  cluster_name              = "demo-local-cluster"
  asg_name                  = "demo-local-ecs"
  on_demand_base_capacity   = 1
  alb_arn_suffix            = "app/demo-local-alb/0123456789abcdef"
  service_names             = { web = "web", api = "api" }
  target_group_arn_suffixes = { web = "targetgroup/demo-local-web/0123456789abcdef", api = "targetgroup/demo-local-api/0123456789abcdef" }
  alarm_email_endpoints     = ["oncall@example.com"]
}

run "topic_is_encrypted_with_a_key_publishers_can_use" {
  command = plan

  assert {
    condition     = aws_sns_topic.this.name == "demo-local-alarms" && aws_kms_key.this.enable_key_rotation == true
    error_message = "The topic must be demo-local-alarms, encrypted with a rotated KMS key."
  }
  assert {
    condition = one([for s in jsondecode(aws_kms_key.this.policy).Statement : s if s.Sid == "AlarmAndEventPublishersEncrypt"]) == {
      Sid       = "AlarmAndEventPublishersEncrypt"
      Effect    = "Allow"
      Principal = { Service = ["cloudwatch.amazonaws.com", "events.amazonaws.com"] }
      Action    = ["kms:Decrypt", "kms:GenerateDataKey*"]
      Resource  = "*"
    }
    error_message = "CloudWatch and EventBridge must be allowed to use the topic key."
  }
  assert {
    condition     = aws_sns_topic_subscription.email["oncall@example.com"].protocol == "email"
    error_message = "Every e-mail endpoint must be subscribed."
  }
}

run "topic_policy_scopes_publishers" {
  command = plan

  assert {
    condition = one([for s in jsondecode(aws_sns_topic_policy.this.policy).Statement : s.Condition.ArnEquals["aws:SourceArn"] if s.Sid == "OnlyOurEventRulesPublish"]) == [
      "arn:aws:events:us-east-1:123456789012:rule/demo-local-deployment-failed",
      "arn:aws:events:us-east-1:123456789012:rule/demo-local-spot-interruption",
    ]
    error_message = "Only our two rules may publish through events.amazonaws.com."
  }
  assert {
    condition = one([for s in jsondecode(aws_sns_topic_policy.this.policy).Statement : s.Condition if s.Sid == "OnlyOurAlarmsPublish"]) == {
      ArnLike      = { "aws:SourceArn" = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:demo-local-*" }
      StringEquals = { "aws:SourceAccount" = "123456789012" }
    }
    error_message = "cloudwatch.amazonaws.com may publish only for our alarms in our account."
  }
}

run "running_tasks_alarm_uses_metric_math" {
  command = plan

  assert {
    condition = (
      aws_cloudwatch_metric_alarm.tasks_below_desired["web"].comparison_operator == "GreaterThanThreshold" &&
      aws_cloudwatch_metric_alarm.tasks_below_desired["web"].threshold == 0 &&
      aws_cloudwatch_metric_alarm.tasks_below_desired["web"].evaluation_periods == 3 &&
      aws_cloudwatch_metric_alarm.tasks_below_desired["web"].datapoints_to_alarm == 3
    )
    error_message = "desired - running > 0 for 3 of 3 periods."
  }
  assert {
    condition     = toset([for q in aws_cloudwatch_metric_alarm.tasks_below_desired["web"].metric_query : q.expression if q.return_data == true]) == toset(["desired - running"])
    error_message = "The alarm must return desired - running."
  }
  assert {
    condition = toset(flatten([for q in aws_cloudwatch_metric_alarm.tasks_below_desired["web"].metric_query : [
      for m in q.metric : "${m.namespace}/${m.metric_name}/${m.period}/${m.dimensions["ClusterName"]}/${m.dimensions["ServiceName"]}"
    ]])) == toset(["ECS/ContainerInsights/RunningTaskCount/60/demo-local-cluster/web", "ECS/ContainerInsights/DesiredTaskCount/60/demo-local-cluster/web"])
    error_message = "The alarm must read one-minute RunningTaskCount and DesiredTaskCount of the service."
  }
  assert {
    condition     = length(aws_cloudwatch_metric_alarm.tasks_below_desired) == 2
    error_message = "There must be one running-task alarm per service."
  }
}

run "unhealthy_hosts_and_asg_baseline" {
  command = plan

  assert {
    condition = (
      aws_cloudwatch_metric_alarm.unhealthy_hosts["api"].namespace == "AWS/ApplicationELB" &&
      aws_cloudwatch_metric_alarm.unhealthy_hosts["api"].metric_name == "UnHealthyHostCount" &&
      aws_cloudwatch_metric_alarm.unhealthy_hosts["api"].comparison_operator == "GreaterThanThreshold" &&
      aws_cloudwatch_metric_alarm.unhealthy_hosts["api"].threshold == 0 &&
      aws_cloudwatch_metric_alarm.unhealthy_hosts["api"].dimensions == tomap({ TargetGroup = "targetgroup/demo-local-api/0123456789abcdef", LoadBalancer = "app/demo-local-alb/0123456789abcdef" })
    )
    error_message = "UnHealthyHostCount > 0 per target group with TargetGroup and LoadBalancer dimensions."
  }
  assert {
    condition = (
      aws_cloudwatch_metric_alarm.asg_below_baseline[0].namespace == "AWS/AutoScaling" &&
      aws_cloudwatch_metric_alarm.asg_below_baseline[0].metric_name == "GroupInServiceInstances" &&
      aws_cloudwatch_metric_alarm.asg_below_baseline[0].comparison_operator == "LessThanThreshold" &&
      aws_cloudwatch_metric_alarm.asg_below_baseline[0].threshold == 1 &&
      aws_cloudwatch_metric_alarm.asg_below_baseline[0].dimensions == tomap({ AutoScalingGroupName = "demo-local-ecs" })
    )
    error_message = "GroupInServiceInstances < on_demand_base_capacity on the ASG."
  }
}

run "every_alarm_notifies_on_alarm_and_ok" {
  command = plan

  assert {
    condition = alltrue([for a in concat(
      values(aws_cloudwatch_metric_alarm.tasks_below_desired),
      values(aws_cloudwatch_metric_alarm.unhealthy_hosts),
      aws_cloudwatch_metric_alarm.asg_below_baseline,
      [aws_cloudwatch_metric_alarm.deployment_failed, aws_cloudwatch_metric_alarm.spot_interruption_surge],
    ) : a.alarm_actions == toset([aws_sns_topic.this.arn]) && a.ok_actions == toset([aws_sns_topic.this.arn])])
    error_message = "Every alarm must send ALARM and OK to the topic."
  }
  assert {
    condition     = length(output.alarm_names) == 7 && output.alarm_names == sort(output.alarm_names)
    error_message = "alarm_names must list the 7 alarms, sorted."
  }
}

run "event_rules_route_to_sns" {
  command = plan

  assert {
    condition = jsondecode(aws_cloudwatch_event_rule.deployment_failed.event_pattern) == {
      source        = ["aws.ecs"]
      "detail-type" = ["ECS Deployment State Change"]
      resources     = [{ prefix = "arn:aws:ecs:us-east-1:123456789012:service/demo-local-cluster/" }]
      detail        = { eventName = ["SERVICE_DEPLOYMENT_FAILED"] }
    }
    error_message = "The deployment rule must match failed deployments of this cluster only."
  }
  assert {
    condition     = jsondecode(aws_cloudwatch_event_rule.spot_interruption.event_pattern)["detail-type"] == ["EC2 Spot Instance Interruption Warning"]
    error_message = "The Spot rule must match interruption warnings."
  }
  assert {
    condition     = aws_cloudwatch_event_target.sns["deployment_failed"].arn == aws_sns_topic.this.arn && aws_cloudwatch_event_target.sns["spot_interruption"].arn == aws_sns_topic.this.arn
    error_message = "Both rules must target the topic."
  }
  assert {
    condition = (
      aws_cloudwatch_metric_alarm.spot_interruption_surge.period == 300 &&
      aws_cloudwatch_metric_alarm.spot_interruption_surge.comparison_operator == "GreaterThanOrEqualToThreshold" &&
      aws_cloudwatch_metric_alarm.spot_interruption_surge.threshold == 3 &&
      aws_cloudwatch_metric_alarm.spot_interruption_surge.dimensions == tomap({ RuleName = "demo-local-spot-interruption" })
    )
    error_message = "Spot surge: TriggeredRules >= threshold within 5 minutes."
  }
  assert {
    condition = (
      aws_cloudwatch_metric_alarm.deployment_failed.namespace == "AWS/Events" &&
      aws_cloudwatch_metric_alarm.deployment_failed.comparison_operator == "GreaterThanThreshold" &&
      aws_cloudwatch_metric_alarm.deployment_failed.threshold == 0
    )
    error_message = "Deployment failure: TriggeredRules > 0."
  }
  assert {
    condition     = output.event_rule_names == tolist(["demo-local-deployment-failed", "demo-local-spot-interruption"])
    error_message = "event_rule_names must list both rules, sorted."
  }
}

run "no_baseline_alarm_without_on_demand_base" {
  command = plan
  variables {
    on_demand_base_capacity   = 0
    service_names             = {}
    target_group_arn_suffixes = {}
  }
  assert {
    condition     = length(aws_cloudwatch_metric_alarm.asg_below_baseline) == 0 && length(output.alarm_names) == 2
    error_message = "With no On-Demand base there is no baseline alarm to keep."
  }
}

# ---- validations ------------------------------------------------------------------------------------------------------

run "rejects_bad_email" {
  command = plan
  variables {
    alarm_email_endpoints = ["oncall"]
  }
  expect_failures = [var.alarm_email_endpoints]
}

run "rejects_zero_spot_threshold" {
  command = plan
  variables {
    spot_interruption_threshold = 0
  }
  expect_failures = [var.spot_interruption_threshold]
}

run "rejects_full_alb_arn" {
  command = plan
  variables {
    alb_arn_suffix = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/demo/0123"
  }
  expect_failures = [var.alb_arn_suffix]
}

run "rejects_full_target_group_arn" {
  command = plan
  variables {
    target_group_arn_suffixes = { web = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123" }
  }
  expect_failures = [var.target_group_arn_suffixes]
}

run "rejects_negative_base" {
  command = plan
  variables {
    on_demand_base_capacity = -1
  }
  expect_failures = [var.on_demand_base_capacity]
}
