using System.Text.Json;
using Bazaar.Graphs;
using Bazaar.Products;

namespace Bazaar.Storage.Tests.Products;

/// <summary>The failure kind in a step record and in orchestration history, and records written before it existed.</summary>
public class StepResultJsonTests
{
    // As the step records are stored (BlobProductStore) and the HTTP API answers.
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public void Serialize_FailureKind_WrittenByNameWithRetryableBesideIt()
    {
        var record = new StepResult { Step = "a", State = StepState.Failed, Failure = FailureKind.Infrastructure };

        var json = JsonSerializer.Serialize(record, Web);

        Assert.Contains("\"failure\":\"Infrastructure\"", json, StringComparison.Ordinal);
        Assert.Contains("\"retryable\":true", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FailureKind.StepFailed, false)]
    [InlineData(FailureKind.Misconfigured, false)]
    [InlineData(FailureKind.Infrastructure, true)]
    [InlineData(FailureKind.TimedOut, true)]
    public void RoundTrip_FailureKind_KeptAndRetryableFollowsIt(FailureKind kind, bool retryable)
    {
        var json = JsonSerializer.Serialize(new StepResult { Step = "a", State = StepState.Failed, Failure = kind });

        var read = JsonSerializer.Deserialize<StepResult>(json)!;

        Assert.Equal<(FailureKind?, bool)>((kind, retryable), (read.Failure, read.Retryable));
    }

    [Fact]
    public void Deserialize_RecordFromBeforeFailureKinds_KeepsItsStoredRetryable()
    {
        var read = JsonSerializer.Deserialize<StepResult>("""{"step":"a","state":"Failed","retryable":true}""", Web)!;

        Assert.Null(read.Failure);
        Assert.True(read.Retryable);
    }

    [Fact]
    public void Deserialize_KindAndAContradictingRetryable_TheKindDecides()
    {
        var read = JsonSerializer.Deserialize<StepResult>("""{"Step":"a","State":"Failed","Failure":"Misconfigured","Retryable":true}""")!;

        Assert.False(read.Retryable);
    }
}
