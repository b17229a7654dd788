# ---------------------------------------------------------------------------------------------------------------------
# Alarm topic, encrypted with a key CloudWatch and EventBridge may use
# ---------------------------------------------------------------------------------------------------------------------

# Not alias/aws/sns: the AWS-managed key's policy cannot be changed and does not let cloudwatch.amazonaws.com or
# events.amazonaws.com call kms:GenerateDataKey/Decrypt, so alarms and rules could never publish to the topic.
resource "aws_kms_key" "this" {
  description             = "Encrypts the ${local.topic_name} SNS topic"
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
        Sid       = "AlarmAndEventPublishersEncrypt"
        Effect    = "Allow"
        Principal = { Service = ["cloudwatch.amazonaws.com", "events.amazonaws.com"] }
        Action    = ["kms:Decrypt", "kms:GenerateDataKey*"]
        Resource  = "*"
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
        Sid       = "OnlyOurEventRulesPublish"
        Effect    = "Allow"
        Principal = { Service = "events.amazonaws.com" }
        Action    = "sns:Publish"
        Resource  = local.topic_arn
        Condition = { ArnEquals = { "aws:SourceArn" = sort([for r in local.event_rules : r.arn]) } }
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
  for_each            = var.service_names
  alarm_name          = "${var.name_prefix}-${each.key}-tasks-below-desired"
  alarm_description   = "Service ${each.value} in ${var.cluster_name} runs fewer tasks than desired for ${var.running_tasks_evaluation_periods} minutes. Runbook: docs/runbooks.md#alarm-tasks-below-desired"
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  evaluation_periods  = var.running_tasks_evaluation_periods
  datapoints_to_alarm = var.running_tasks_evaluation_periods
  # Container Insights reports both counts every minute while the service exists: silence means the service or its
  # telemetry is gone, and at 3 AM that is as bad as missing tasks.
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
  alarm_description   = "Target group of ${each.key} has unhealthy targets for 3 minutes. Runbook: docs/runbooks.md#alarm-unhealthy-hosts"
  namespace           = "AWS/ApplicationELB"
  metric_name         = "UnHealthyHostCount"
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 3
  datapoints_to_alarm = 3
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
# Events: failed deployments (the circuit breaker rolls back after this event) and Spot interruption surges
# ---------------------------------------------------------------------------------------------------------------------

resource "aws_cloudwatch_event_rule" "deployment_failed" {
  name        = "${var.name_prefix}-deployment-failed"
  description = "ECS deployment failed (circuit breaker triggered, rollback follows) in ${var.cluster_name}. Runbook: docs/runbooks.md#event-rule-deployment-failed"
  tags        = var.tags

  event_pattern = jsonencode({
    source        = ["aws.ecs"]
    "detail-type" = ["ECS Deployment State Change"]
    resources     = [{ prefix = "arn:${local.partition}:ecs:${local.region}:${local.account_id}:service/${var.cluster_name}/" }]
    detail        = { eventName = ["SERVICE_DEPLOYMENT_FAILED"] }
  })
}

# Spot warnings name instances, not groups: the rule watches the region and the threshold is set for this cluster.
resource "aws_cloudwatch_event_rule" "spot_interruption" {
  name        = "${var.name_prefix}-spot-interruption"
  description = "EC2 Spot Instance Interruption Warning in ${local.region}. Runbook: docs/runbooks.md#event-rule-spot-interruption"
  tags        = var.tags

  event_pattern = jsonencode({
    source        = ["aws.ec2"]
    "detail-type" = ["EC2 Spot Instance Interruption Warning"]
  })
}

resource "aws_cloudwatch_event_target" "sns" {
  for_each  = local.event_rules
  rule      = each.value.name
  target_id = "sns-alarms"
  arn       = aws_sns_topic.this.arn
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
  alarm_description   = "${var.spot_interruption_threshold} or more Spot interruption warnings within 5 minutes. Runbook: docs/runbooks.md#alarm-spot-interruption-surge"
  namespace           = "AWS/Events"
  metric_name         = "TriggeredRules"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = var.spot_interruption_threshold
  dimensions          = { RuleName = aws_cloudwatch_event_rule.spot_interruption.name }
  # No data means no interruption warning in the window.
  treat_missing_data = "notBreaching"
  alarm_actions      = local.actions
  ok_actions         = local.actions
  tags               = var.tags
}
