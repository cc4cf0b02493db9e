namespace Bazaar.Remotes.AwsBatch.Tests.Api;

/// <summary>Batch's answers, shaped on the output shapes of the Batch API reference (botocore's batch model).</summary>
internal static class BatchAnswers
{
    /// <summary>A job as <c>DescribeJobs</c> answers it.</summary>
    public static string Job(
        string id, string status, DateTimeOffset createdAt, int? exitCode = null, string? statusReason = null, string? containerReason = null, string? tags = null, string name = "bazaar-x") =>
        $$"""
        {
          "jobArn": "arn:aws:batch:us-east-1:{{RecordingBatch.Account}}:job/{{id}}",
          "jobName": "{{name}}",
          "jobId": "{{id}}",
          "jobQueue": "arn:aws:batch:us-east-1:{{RecordingBatch.Account}}:job-queue/{{RecordingBatch.Queue}}",
          "status": "{{status}}",
          "createdAt": {{createdAt.ToUnixTimeMilliseconds()}},
          "startedAt": 0,
          "jobDefinition": "arn:aws:batch:us-east-1:{{RecordingBatch.Account}}:job-definition/{{RecordingBatch.Definition}}",
          {{(statusReason is null ? string.Empty : $"\"statusReason\": \"{statusReason}\",")}}
          {{(tags is null ? string.Empty : $"\"tags\": {tags},")}}
          "container": {
            "image": "bazaar-agent:1"
            {{(exitCode is null ? string.Empty : $", \"exitCode\": {exitCode}")}}
            {{(containerReason is null ? string.Empty : $", \"reason\": \"{containerReason}\"")}}
          }
        }
        """;

    /// <summary>A <c>DescribeJobs</c> answer.</summary>
    public static string Jobs(params string[] jobs) => $$"""{ "jobs": [{{string.Join(",", jobs)}}] }""";

    /// <summary>A job summary as <c>ListJobs</c> answers it.</summary>
    public static string Summary(string id, string name, string status) => $$"""{ "jobId": "{{id}}", "jobName": "{{name}}", "status": "{{status}}", "createdAt": 0 }""";

    /// <summary>Tags of an attempt.</summary>
    public static string Tags(string run, string step, int attempt) =>
        $$"""{ "bazaar-run": "{{run}}", "bazaar-step": "{{step}}", "bazaar-attempt": "{{attempt}}" }""";
}
