using Bazaar.Graphs;
using Bazaar.Orchestration;
using Bazaar.Products;
using Microsoft.DurableTask.Converters;

namespace Bazaar.Engine.Tests.Orchestration;

/// <summary>What the task hub stores of a step's activity: no nulls, and the same values back.</summary>
public sealed class HistoryJsonTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Serialize_NoRunStepRequestAndResult_WritesNoNullsAndReadsBackTheSame()
    {
        var request = new ExecuteStepRequest
        {
            RunId = "run1",
            Step = new StepDefinition { Name = "s", Consumes = ["a"], Produces = [new ProductOutput("b", null)] },
            TimeoutGrace = TimeSpan.Zero,
        };
        var result = new StepResult
        {
            Step = "s",
            State = StepState.Succeeded,
            Attempts = 1,
            StartedAt = Now,
            EndedAt = Now,
            Products = [new ProductRef { Name = "b", Digest = "sha256:" + new string('0', 64), Size = 0, Kind = ProductKind.Marker, Producer = new ProductProducer("run1", "s", 1, null), CreatedAt = Now }],
        };

        var writtenRequest = HistoryJson.Converter.Serialize(request)!;
        var writtenResult = HistoryJson.Converter.Serialize(result)!;

        Assert.DoesNotContain("null", writtenRequest, StringComparison.Ordinal);
        Assert.DoesNotContain("null", writtenResult, StringComparison.Ordinal);
        Assert.True(writtenRequest.Length < JsonDataConverter.Default.Serialize(request)!.Length);
        var readRequest = HistoryJson.Converter.Deserialize<ExecuteStepRequest>(writtenRequest)!;
        Assert.Equal((request.RunId, request.Attempt, request.TimeoutGrace, request.Deadline, request.End), (readRequest.RunId, readRequest.Attempt, readRequest.TimeoutGrace, readRequest.Deadline, readRequest.End));
        Assert.Equal((request.Step.Run, request.Step.Timeout, request.Step.Retry), (readRequest.Step.Run, readRequest.Step.Timeout, readRequest.Step.Retry));
        Assert.Equal(result, HistoryJson.Converter.Deserialize<StepResult>(writtenResult) with { Products = result.Products });
        Assert.Equal(result.Products, HistoryJson.Converter.Deserialize<StepResult>(writtenResult)!.Products);
    }

    [Fact]
    public void Deserialize_ResultWrittenByTheDefaultConverter_ReadsTheSame()
    {
        // Histories written before the nulls were left out still read.
        var result = new StepResult { Step = "s", State = StepState.Failed, Attempts = 2, Error = "boom", Failure = FailureKind.Infrastructure, StartedAt = Now };

        var read = HistoryJson.Converter.Deserialize<StepResult>(JsonDataConverter.Default.Serialize(result));

        Assert.Equal(JsonDataConverter.Default.Serialize(result), JsonDataConverter.Default.Serialize(read));
        Assert.True(read!.Retryable);
    }
}
