# ---------------------------------------------------------------------------------------------------------------------
# Alarm topic and event log group, encrypted with a key CloudWatch and CloudWatch Logs may use
# ---------------------------------------------------------------------------------------------------------------------

# Not alias/aws/sns: the AWS-managed key's policy cannot be changed and does not let cloudwatch.amazonaws.com call
# kms:GenerateDataKey/Decrypt, so alarms could never publish to the topic. Only the alarms publish: the EventBridge
# rules write to the log group, so events.amazonaws.com needs neither the key nor the topic.
resource "aws_kms_key" "this" {
  description             = "Encrypts the ${local.topic_name} SNS topic and the ${local.events_log_group_name} log group"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  tags                    = var.tags

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountAdministersTheKey"
        Effect    = "Allow"
        Principal = { AWS = "arn:${local.partition}:iam::${local.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*" # in a key policy "*" means this key
      },
      {
        Sid       = "AlarmsEncrypt"
        Effect    = "Allow"
        Principal = { Service = "cloudwatch.amazonaws.com" }
        Action    = ["kms:Decrypt", "kms:GenerateDataKey*"]
        Resource  = "*"
      },
      {
        Sid       = "EventLogGroupEncrypts"
        Effect    = "Allow"
        Principal = { Service = "logs.${local.region}.amazonaws.com" }
        Action    = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
        Resource  = "*"
        Condition = { ArnEquals = { "kms:EncryptionContext:aws:logs:arn" = local.events_log_group_arn } }
      },
    ]
  })
}

resource "aws_kms_alias" "this" {
  name          = "alias/${local.topic_name}"
  target_key_id = aws_kms_key.this.key_id
}

resource "aws_sns_topic" "this" {
  name              = local.topic_name
  kms_master_key_id = aws_kms_key.this.arn
  tags              = var.tags
}

resource "aws_sns_topic_policy" "this" {
  arn = aws_sns_topic.this.arn

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountManagesTheTopic"
        Effect    = "Allow"
        Principal = { AWS = "arn:${local.partition}:iam::${local.account_id}:root" }
        Action = [
          "sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:AddPermission", "sns:RemovePermission",
          "sns:DeleteTopic", "sns:Subscribe", "sns:ListSubscriptionsByTopic", "sns:Publish",
        ]
        Resource = local.topic_arn
      },
      {
        Sid       = "OnlyOurAlarmsPublish"
        Effect    = "Allow"
        Principal = { Service = "cloudwatch.amazonaws.com" }
        Action    = "sns:Publish"
        Resource  = local.topic_arn
        Condition = {
          ArnLike      = { "aws:SourceArn" = local.alarm_arns }
          StringEquals = { "aws:SourceAccount" = local.account_id }
        }
      },
    ]
  })
}

resource "aws_sns_topic_subscription" "email" {
  for_each  = toset(var.alarm_email_endpoints)
  topic_arn = aws_sns_topic.this.arn
  protocol  = "email"
  endpoint  = each.value
}

# ---------------------------------------------------------------------------------------------------------------------
# Service alarms: running < desired, unhealthy targets
# ---------------------------------------------------------------------------------------------------------------------

resource "aws_cloudwatch_metric_alarm" "tasks_below_desired" {
  for_each            = var.tasks_below_desired_alarm ? var.service_names : {}
  alarm_name          = "${var.name_prefix}-${each.key}-tasks-below-desired"
  alarm_description   = "Service ${each.value} in ${var.cluster_name} runs fewer tasks than desired for ${local.running_tasks_evaluation_periods} minutes, longer than a scale-out through new instances takes (${local.scale_out_seconds} s). Runbook: docs/runbooks.md#alarm-tasks-below-desired"
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  evaluation_periods  = local.running_tasks_evaluation_periods
  datapoints_to_alarm = local.running_tasks_evaluation_periods
  # Container Insights reports both counts every minute while the service exists (container_insights must be on, see
  # variables.tf): silence means the service or its telemetry is gone, and at 3 AM that is as bad as missing tasks.
  treat_missing_data = "breaching"
  alarm_actions      = local.actions
  ok_actions         = local.actions
  tags               = var.tags

  metric_query {
    id          = "missing"
    expression  = "desired - running"
    label       = "Desired minus running tasks"
    return_data = true
  }

  metric_query {
    id = "running"
    metric {
      namespace   = "ECS/ContainerInsights"
      metric_name = "RunningTaskCount"
      period      = 60
      stat        = "Average"
      dimensions  = { ClusterName = var.cluster_name, ServiceName = each.value }
    }
  }

  metric_query {
    id = "desired"
    metric {
      namespace   = "ECS/ContainerInsights"
      metric_name = "DesiredTaskCount"
      period      = 60
      stat        = "Average"
      dimensions  = { ClusterName = var.cluster_name, ServiceName = each.value }
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "unhealthy_hosts" {
  for_each            = var.target_group_arn_suffixes
  alarm_name          = "${var.name_prefix}-${each.key}-unhealthy-hosts"
  alarm_description   = "Target group of ${each.key} has unhealthy targets for ${local.unhealthy_hosts_evaluation_periods[each.key]} minutes, longer than a failed rollout keeps them. Runbook: docs/runbooks.md#alarm-unhealthy-hosts"
  namespace           = "AWS/ApplicationELB"
  metric_name         = "UnHealthyHostCount"
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = local.unhealthy_hosts_evaluation_periods[each.key]
  datapoints_to_alarm = local.unhealthy_hosts_evaluation_periods[each.key]
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  dimensions          = { TargetGroup = each.value, LoadBalancer = var.alb_arn_suffix }
  # The ALB only reports while targets are registered; no targets is caught by the running-task alarm.
  treat_missing_data = "notBreaching"
  alarm_actions      = local.actions
  ok_actions         = local.actions
  tags               = var.tags
}

# ---------------------------------------------------------------------------------------------------------------------
# Cluster capacity: in-service instances below the On-Demand baseline
# ---------------------------------------------------------------------------------------------------------------------

resource "aws_cloudwatch_metric_alarm" "asg_below_baseline" {
  count               = var.on_demand_base_capacity > 0 ? 1 : 0
  alarm_name          = "${var.name_prefix}-asg-below-baseline"
  alarm_description   = "ASG ${var.asg_name} has fewer than ${var.on_demand_base_capacity} instances in service for 5 minutes. Runbook: docs/runbooks.md#alarm-asg-below-baseline"
  namespace           = "AWS/AutoScaling"
  metric_name         = "GroupInServiceInstances"
  statistic           = "Minimum"
  period              = 60
  evaluation_periods  = 5 # an instance replacement takes a few minutes; page only when it does not recover
  datapoints_to_alarm = 5
  comparison_operator = "LessThanThreshold"
  threshold           = var.on_demand_base_capacity
  dimensions          = { AutoScalingGroupName = var.asg_name }
  # Group metrics collection reports every minute; silence means the group or its metrics collection is gone.
  treat_missing_data = "breaching"
  alarm_actions      = local.actions
  ok_actions         = local.actions
  tags               = var.tags
}

# ---------------------------------------------------------------------------------------------------------------------
# Events: failed deployments (the circuit breaker rolls back after this event) and instances EC2 took from the ASG.
# The rules only count (AWS/Events TriggeredRules) and keep the matched events in a log group for the runbooks; the
# alarms on their counts are the only publishers to the topic, so each condition notifies once, at its threshold.
# ---------------------------------------------------------------------------------------------------------------------

resource "aws_cloudwatch_event_rule" "deployment_failed" {
  name        = "${var.name_prefix}-deployment-failed"
  description = "ECS deployment failed (circuit breaker triggered, rollback follows) in ${var.cluster_name}; counted by the ${var.name_prefix}-deployment-failed alarm. Runbook: docs/runbooks.md#event-rule-deployment-failed"
  tags        = var.tags

  event_pattern = jsonencode({
    source        = ["aws.ecs"]
    "detail-type" = ["ECS Deployment State Change"]
    resources     = [{ prefix = "arn:${local.partition}:ecs:${local.region}:${local.account_id}:service/${var.cluster_name}/" }]
    detail        = { eventName = ["SERVICE_DEPLOYMENT_FAILED"] }
  })
}

# A Spot interruption warning names an instance, never its group, and EventBridge cannot filter on tags: a rule on the
# warning counts every Spot instance in the region. The group's own termination event names the group; this cause is
# the one Auto Scaling writes when EC2 took the instance away (a Spot reclaim, or a termination or stop by hand),
# never a scale-in. Trade-off in docs/design.md ("Alarms: each condition pages once").
resource "aws_cloudwatch_event_rule" "instance_lost" {
  name        = "${var.name_prefix}-instance-lost"
  description = "An instance of ${var.asg_name} was terminated by EC2, not by Auto Scaling (Spot reclaim, or terminated or stopped by hand); counted by the ${var.name_prefix}-spot-interruption-surge alarm. Runbook: docs/runbooks.md#event-rule-instance-lost"
  tags        = var.tags

  event_pattern = jsonencode({
    source        = ["aws.autoscaling"]
    "detail-type" = ["EC2 Instance Terminate Successful"]
    detail = {
      AutoScalingGroupName = [var.asg_name]
      Cause                = [{ wildcard = local.ec2_took_instance_cause }]
    }
  })
}

resource "aws_cloudwatch_log_group" "events" {
  #checkov:skip=CKV_AWS_338: matched events are kept for the runbooks' investigation (event_log_retention_days); the alarm history is in CloudWatch
  name              = local.events_log_group_name
  retention_in_days = var.event_log_retention_days
  kms_key_id        = aws_kms_key.this.arn
  tags              = var.tags
}

# EventBridge writes to a log group through its resource policy, not a role; only this module's rules may.
resource "aws_cloudwatch_log_resource_policy" "events" {
  policy_name = "${var.name_prefix}-events-to-logs"

  policy_document = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "OnlyOurEventRulesWrite"
        Effect    = "Allow"
        Principal = { Service = ["events.amazonaws.com", "delivery.logs.amazonaws.com"] }
        Action    = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource  = "${local.events_log_group_arn}:*"
        Condition = { ArnEquals = { "aws:SourceArn" = sort([for r in local.event_rules : r.arn]) } }
      },
    ]
  })
}

resource "aws_cloudwatch_event_target" "log" {
  for_each  = local.event_rules
  rule      = each.value.name
  target_id = "event-log"
  arn       = aws_cloudwatch_log_group.events.arn
}

resource "aws_cloudwatch_metric_alarm" "deployment_failed" {
  alarm_name          = "${var.name_prefix}-deployment-failed"
  alarm_description   = "An ECS deployment failed and was rolled back in ${var.cluster_name}. Runbook: docs/runbooks.md#alarm-deployment-failed"
  namespace           = "AWS/Events"
  metric_name         = "TriggeredRules"
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  dimensions          = { RuleName = aws_cloudwatch_event_rule.deployment_failed.name }
  # EventBridge only emits TriggeredRules when the rule matched: no data means no failed deployment.
  treat_missing_data = "notBreaching"
  alarm_actions      = local.actions
  ok_actions         = local.actions
  tags               = var.tags
}

resource "aws_cloudwatch_metric_alarm" "spot_interruption_surge" {
  alarm_name          = "${var.name_prefix}-spot-interruption-surge"
  alarm_description   = "${var.spot_interruption_threshold} or more instances of ${var.asg_name} taken away by EC2 (Spot reclaims, or terminated or stopped by hand) within 5 minutes. Runbook: docs/runbooks.md#alarm-spot-interruption-surge"
  namespace           = "AWS/Events"
  metric_name         = "TriggeredRules"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = var.spot_interruption_threshold
  dimensions          = { RuleName = aws_cloudwatch_event_rule.instance_lost.name }
  # No data means no instance of the group was taken away in the window.
  treat_missing_data = "notBreaching"
  alarm_actions      = local.actions
  ok_actions         = local.actions
  tags               = var.tags
}
