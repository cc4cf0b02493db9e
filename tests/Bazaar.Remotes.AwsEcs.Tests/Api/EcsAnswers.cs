namespace Bazaar.Remotes.AwsEcs.Tests.Api;

/// <summary>ECS's answers, shaped on the examples and output shapes of the ECS API reference (botocore's ecs model).</summary>
internal static class EcsAnswers
{
    /// <summary>A task as <c>DescribeTasks</c> and <c>RunTask</c> answer it.</summary>
    /// <param name="arn">The task's ARN.</param>
    /// <param name="lastStatus">PROVISIONING, PENDING, RUNNING, STOPPED …</param>
    /// <param name="exitCode">The agent container's exit code, or null (never started).</param>
    /// <param name="stopCode">TaskFailedToStart, EssentialContainerExited, UserInitiated …, or null.</param>
    /// <param name="stoppedReason">ECS's words, or null.</param>
    /// <param name="containerReason">The container's reason (CannotPullContainerError …), or null.</param>
    /// <param name="startedBy">Who started it.</param>
    /// <param name="tags">Its tags, as a JSON list, or null.</param>
    /// <returns>The task's JSON.</returns>
    public static string Task(
        string arn, string lastStatus, int? exitCode = null, string? stopCode = null, string? stoppedReason = null, string? containerReason = null, string? startedBy = null, string? tags = null) =>
        $$"""
        {
          "taskArn": "{{arn}}",
          "clusterArn": "arn:aws:ecs:us-east-1:{{RecordingEcs.Account}}:cluster/{{RecordingEcs.Cluster}}",
          "taskDefinitionArn": "arn:aws:ecs:us-east-1:{{RecordingEcs.Account}}:task-definition/bazaar-agent:3",
          "lastStatus": "{{lastStatus}}",
          "desiredStatus": "{{(lastStatus == "STOPPED" ? "STOPPED" : "RUNNING")}}",
          "launchType": "FARGATE",
          {{(startedBy is null ? string.Empty : $"\"startedBy\": \"{startedBy}\",")}}
          {{(stopCode is null ? string.Empty : $"\"stopCode\": \"{stopCode}\",")}}
          {{(stoppedReason is null ? string.Empty : $"\"stoppedReason\": \"{stoppedReason}\",")}}
          {{(tags is null ? string.Empty : $"\"tags\": {tags},")}}
          "containers": [
            {
              "containerArn": "arn:aws:ecs:us-east-1:{{RecordingEcs.Account}}:container/{{RecordingEcs.Cluster}}/1/2",
              "taskArn": "{{arn}}",
              "name": "agent",
              "lastStatus": "{{lastStatus}}"
              {{(exitCode is null ? string.Empty : $", \"exitCode\": {exitCode}")}}
              {{(containerReason is null ? string.Empty : $", \"reason\": \"{containerReason}\"")}}
            },
            { "name": "log-router", "lastStatus": "{{lastStatus}}", "exitCode": 0 }
          ]
        }
        """;

    /// <summary>A <c>DescribeTasks</c> or <c>RunTask</c> answer.</summary>
    public static string Tasks(params string[] tasks) => $$"""{ "tasks": [{{string.Join(",", tasks)}}], "failures": [] }""";

    /// <summary>An answer with only failures.</summary>
    public static string Failures(string arn, string reason, string? detail = null) =>
        $$"""{ "tasks": [], "failures": [ { "arn": "{{arn}}", "reason": "{{reason}}"{{(detail is null ? string.Empty : $", \"detail\": \"{detail}\"")}} } ] }""";

    /// <summary>Tags of an attempt.</summary>
    public static string Tags(string run, string step, int attempt) =>
        $$"""[ { "key": "bazaar-run", "value": "{{run}}" }, { "key": "bazaar-step", "value": "{{step}}" }, { "key": "bazaar-attempt", "value": "{{attempt}}" } ]""";
}
