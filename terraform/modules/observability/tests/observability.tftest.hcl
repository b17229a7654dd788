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
    target          = aws_cloudwatch_event_rule.instance_lost
    override_during = plan
    values          = { arn = "arn:aws:events:us-east-1:123456789012:rule/demo-local-instance-lost" }
  }
  override_resource {
    target          = aws_kms_key.this
    override_during = plan
    values          = { arn = "arn:aws:kms:us-east-1:123456789012:key/0123abcd-0000-0000-0000-000000000000" }
  }
  override_resource {
    target          = aws_cloudwatch_log_group.events
    override_during = plan
    values          = { arn = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/events/demo-local" }
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
  instance_warmup_period    = 300
  failed_rollout_seconds    = { web = 210, api = 105 }
}

run "topic_is_encrypted_with_a_key_only_the_alarms_publish_with" {
  command = plan

  assert {
    condition     = aws_sns_topic.this.name == "demo-local-alarms" && aws_kms_key.this.enable_key_rotation == true
    error_message = "The topic must be demo-local-alarms, encrypted with a rotated KMS key."
  }
  assert {
    condition = one([for s in jsondecode(aws_kms_key.this.policy).Statement : s if s.Sid == "AlarmsEncrypt"]) == {
      Sid       = "AlarmsEncrypt"
      Effect    = "Allow"
      Principal = { Service = "cloudwatch.amazonaws.com" }
      Action    = ["kms:Decrypt", "kms:GenerateDataKey*"]
      Resource  = "*"
    }
    error_message = "CloudWatch alarms must be allowed to use the topic key."
  }
  assert {
    condition     = !strcontains(aws_kms_key.this.policy, "events.amazonaws.com")
    error_message = "EventBridge no longer publishes to the topic: the key policy must not name events.amazonaws.com."
  }
  assert {
    condition = one([for s in jsondecode(aws_kms_key.this.policy).Statement : s if s.Sid == "EventLogGroupEncrypts"]).Condition == {
      ArnEquals = { "kms:EncryptionContext:aws:logs:arn" = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/events/demo-local" }
    }
    error_message = "CloudWatch Logs may use the key for the event log group only."
  }
  assert {
    condition     = aws_sns_topic_subscription.email["oncall@example.com"].protocol == "email"
    error_message = "Every e-mail endpoint must be subscribed."
  }
}

run "topic_policy_lets_only_our_alarms_publish" {
  command = plan

  assert {
    condition     = !strcontains(aws_sns_topic_policy.this.policy, "events.amazonaws.com")
    error_message = "No EventBridge rule may publish to the topic: only the alarms page."
  }
  assert {
    condition     = sort([for s in jsondecode(aws_sns_topic_policy.this.policy).Statement : s.Sid]) == tolist(["AccountManagesTheTopic", "OnlyOurAlarmsPublish"])
    error_message = "The topic policy holds the account's management and the alarms' publishing, nothing else."
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
      aws_cloudwatch_metric_alarm.tasks_below_desired["web"].treat_missing_data == "breaching"
    )
    error_message = "desired - running > 0, missing data breaching (Container Insights is on)."
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

run "event_rules_only_log_and_count_the_alarms_page" {
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
    condition     = length(aws_cloudwatch_event_target.log) == 2 && alltrue([for t in aws_cloudwatch_event_target.log : t.arn == aws_cloudwatch_log_group.events.arn])
    error_message = "Each rule's one target is the module's event log group."
  }
  assert {
    condition     = alltrue([for t in aws_cloudwatch_event_target.log : t.arn != aws_sns_topic.this.arn])
    error_message = "No rule may target the topic: the alarm on its TriggeredRules is the one that pages."
  }
  assert {
    condition = (
      aws_cloudwatch_log_group.events.name == "/aws/events/demo-local" &&
      aws_cloudwatch_log_group.events.retention_in_days == 30 &&
      aws_cloudwatch_log_group.events.kms_key_id == aws_kms_key.this.arn
    )
    error_message = "The events go to /aws/events/<prefix>, kept 30 days, encrypted with the module's key."
  }
  assert {
    condition = one(jsondecode(aws_cloudwatch_log_resource_policy.events.policy_document).Statement) == {
      Sid       = "OnlyOurEventRulesWrite"
      Effect    = "Allow"
      Principal = { Service = ["events.amazonaws.com", "delivery.logs.amazonaws.com"] }
      Action    = ["logs:CreateLogStream", "logs:PutLogEvents"]
      Resource  = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/events/demo-local:*"
      Condition = { ArnEquals = { "aws:SourceArn" = [
        "arn:aws:events:us-east-1:123456789012:rule/demo-local-deployment-failed",
        "arn:aws:events:us-east-1:123456789012:rule/demo-local-instance-lost",
      ] } }
    }
    error_message = "Only our two rules may write to the event log group."
  }
  assert {
    condition = (
      aws_cloudwatch_metric_alarm.deployment_failed.namespace == "AWS/Events" &&
      aws_cloudwatch_metric_alarm.deployment_failed.comparison_operator == "GreaterThanThreshold" &&
      aws_cloudwatch_metric_alarm.deployment_failed.threshold == 0 &&
      aws_cloudwatch_metric_alarm.deployment_failed.dimensions == tomap({ RuleName = "demo-local-deployment-failed" })
    )
    error_message = "Deployment failure: TriggeredRules of the rule > 0."
  }
  assert {
    condition     = output.event_rule_names == tolist(["demo-local-deployment-failed", "demo-local-instance-lost"])
    error_message = "event_rule_names must list both rules, sorted."
  }
}

run "spot_signal_counts_only_this_groups_instances_taken_by_ec2" {
  command = plan

  assert {
    condition = jsondecode(aws_cloudwatch_event_rule.instance_lost.event_pattern) == {
      source        = ["aws.autoscaling"]
      "detail-type" = ["EC2 Instance Terminate Successful"]
      detail = {
        AutoScalingGroupName = ["demo-local-ecs"]
        Cause                = [{ wildcard = "*EC2 health check indicating it has been terminated or stopped*" }]
      }
    }
    error_message = "The rule must match this ASG's terminations caused by EC2 (Spot reclaim), not a region-wide Spot warning nor a scale-in."
  }
  assert {
    condition = (
      aws_cloudwatch_metric_alarm.spot_interruption_surge.alarm_name == "demo-local-spot-interruption-surge" &&
      aws_cloudwatch_metric_alarm.spot_interruption_surge.period == 300 &&
      aws_cloudwatch_metric_alarm.spot_interruption_surge.statistic == "Sum" &&
      aws_cloudwatch_metric_alarm.spot_interruption_surge.comparison_operator == "GreaterThanOrEqualToThreshold" &&
      aws_cloudwatch_metric_alarm.spot_interruption_surge.threshold == 3 &&
      aws_cloudwatch_metric_alarm.spot_interruption_surge.dimensions == tomap({ RuleName = "demo-local-instance-lost" })
    )
    error_message = "Spot surge: TriggeredRules of the instance-lost rule >= threshold within 5 minutes."
  }
}

run "unhealthy_hosts_window_outlasts_a_failed_rollout" {
  command = plan

  # web: 210 s of failing targets (two attempts at 2 tasks) = 4 minutes (rounded up), plus one; api: 105 s gives 3.
  assert {
    condition = (
      aws_cloudwatch_metric_alarm.unhealthy_hosts["web"].evaluation_periods == 5 &&
      aws_cloudwatch_metric_alarm.unhealthy_hosts["web"].datapoints_to_alarm == 5 &&
      aws_cloudwatch_metric_alarm.unhealthy_hosts["api"].evaluation_periods == 3 &&
      output.unhealthy_hosts_evaluation_periods["web"] == 5 && output.unhealthy_hosts_evaluation_periods["api"] == 3
    )
    error_message = "The unhealthy-hosts window must be one minute longer than a failed rollout, and never under 3."
  }
  assert {
    condition     = strcontains(aws_cloudwatch_metric_alarm.unhealthy_hosts["web"].alarm_description, "for 5 minutes")
    error_message = "The description must say the window."
  }
}

run "unhealthy_hosts_needs_every_service_s_rollout_bound" {
  command = plan
  variables {
    failed_rollout_seconds = { web = 210 }
  }
  expect_failures = [var.failed_rollout_seconds]
}

run "running_tasks_window_outlasts_a_scale_out_with_the_default_warmup" {
  command = plan

  # 120 s managed-scaling reaction + 300 s warm-up + 120 s task start = 540 s: 9 minutes, plus one.
  assert {
    condition = (
      output.running_tasks_evaluation_periods == 10 &&
      aws_cloudwatch_metric_alarm.tasks_below_desired["web"].evaluation_periods == 10 &&
      aws_cloudwatch_metric_alarm.tasks_below_desired["web"].datapoints_to_alarm == 10
    )
    error_message = "With a 300 s warm-up the alarm needs 10 breaching minutes out of 10."
  }
  assert {
    condition     = strcontains(aws_cloudwatch_metric_alarm.tasks_below_desired["api"].alarm_description, "for 10 minutes")
    error_message = "The description must say the window."
  }
}

run "running_tasks_window_follows_the_warmup_and_task_start" {
  command = plan
  variables {
    instance_warmup_period = 600
    task_start_seconds     = 240
  }

  # 120 + 600 + 240 = 960 s = 16 minutes, plus one.
  assert {
    condition     = aws_cloudwatch_metric_alarm.tasks_below_desired["web"].evaluation_periods == 17 && aws_cloudwatch_metric_alarm.tasks_below_desired["web"].datapoints_to_alarm == 17
    error_message = "A longer warm-up or task start must lengthen the window."
  }
}

run "running_tasks_window_rounds_up_a_partial_minute" {
  command = plan
  variables {
    instance_warmup_period = 0
    task_start_seconds     = 45
  }

  # 120 + 0 + 45 = 165 s: 3 minutes (rounded up), plus one.
  assert {
    condition     = aws_cloudwatch_metric_alarm.tasks_below_desired["web"].evaluation_periods == 4
    error_message = "The window must round a partial minute up and add one."
  }
}

run "no_running_task_alarm_when_switched_off_even_without_container_insights" {
  command = plan
  variables {
    tasks_below_desired_alarm = false
    container_insights        = false
  }

  assert {
    condition     = length(aws_cloudwatch_metric_alarm.tasks_below_desired) == 0 && length(output.alarm_names) == 5
    error_message = "tasks_below_desired_alarm = false creates no running-task alarm; the other 5 stay."
  }
}

run "refuses_the_running_task_alarm_without_container_insights" {
  command = plan
  variables {
    container_insights = false
  }
  expect_failures = [var.container_insights]
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

run "rejects_a_warmup_the_capacity_provider_would_refuse" {
  command = plan
  variables {
    instance_warmup_period = 10001
  }
  expect_failures = [var.instance_warmup_period]
}

run "rejects_a_task_start_below_30_seconds" {
  command = plan
  variables {
    task_start_seconds = 10
  }
  expect_failures = [var.task_start_seconds]
}

run "rejects_an_event_log_retention_cloudwatch_does_not_offer" {
  command = plan
  variables {
    event_log_retention_days = 10
  }
  expect_failures = [var.event_log_retention_days]
}

run "rejects_negative_base" {
  command = plan
  variables {
    on_demand_base_capacity = -1
  }
  expect_failures = [var.on_demand_base_capacity]
}
