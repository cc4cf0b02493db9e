using Bazaar.Orchestration;
using Microsoft.Extensions.Logging;

namespace Bazaar;

/// <summary>
/// Every log message of Bazaar.Core, source-generated, with fixed event ids. Ranges by area:
/// 1-99 orchestration and steps; 100-199 products (the product store and step logs); 200-299 the HTTP API.
/// </summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Run {RunId}: step {Step} attempt {Attempt} starting on {Remote}")]
    public static partial void StepStarted(ILogger logger, string runId, string step, int attempt, string remote);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Run {RunId}: step {Step} ended {State} (exit code {ExitCode})")]
    public static partial void StepEnded(ILogger logger, string runId, string step, StepState state, int? exitCode);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Run {RunId}: step {Step} failed inside Bazaar")]
    public static partial void StepCrashed(ILogger logger, Exception exception, string runId, string step);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Could not renew the lock of activity work item {WorkItem}; retrying at the next interval")]
    public static partial void ActivityLockRenewFailed(ILogger logger, Exception exception, string workItem);

    [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "Ensured the blob container {Container} exists")]
    public static partial void ContainerReady(ILogger logger, string container);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Stored product {Name} of run {RunId}: {Kind} {Digest}, {Size} bytes")]
    public static partial void ProductStored(ILogger logger, string name, string runId, Bazaar.Products.ProductKind kind, string digest, long size);

    [LoggerMessage(EventId = 102, Level = LogLevel.Debug, Message = "Content {Digest} is already stored; not storing it again")]
    public static partial void ContentAlreadyStored(ILogger logger, string digest);

    [LoggerMessage(EventId = 103, Level = LogLevel.Debug, Message = "Uploaded content {Digest}, {Size} bytes in {Blocks} block(s)")]
    public static partial void ContentUploaded(ILogger logger, string digest, long size, int blocks);

    [LoggerMessage(EventId = 104, Level = LogLevel.Debug, Message = "Content {Digest} was stored by someone else meanwhile; keeping theirs (same digest, same bytes)")]
    public static partial void ContentStoredConcurrently(ILogger logger, string digest);

    [LoggerMessage(EventId = 105, Level = LogLevel.Debug, Message = "Materialized product {Name} ({Kind} {Digest}) at {Path}")]
    public static partial void ProductMaterialized(ILogger logger, string name, Bazaar.Products.ProductKind kind, string digest, string path);

    [LoggerMessage(EventId = 106, Level = LogLevel.Warning, Message = "Could not append to the step log {Blob}; {Bytes} bytes of it are lost")]
    public static partial void StepLogAppendFailed(ILogger logger, Exception exception, string blob, int bytes);

    [LoggerMessage(EventId = 107, Level = LogLevel.Warning, Message = "The step log {Blob} reached its cap of {Cap} bytes; the rest is dropped")]
    public static partial void StepLogTruncated(ILogger logger, string blob, long cap);

    [LoggerMessage(EventId = 108, Level = LogLevel.Information, Message = "Run {RunId}: signed URLs for step {Step} attempt {Attempt}: {Inputs} input(s) to read, {Outputs} output(s) to write, until {ExpiresOn:O}")]
    public static partial void ProductUrlsIssued(ILogger logger, string runId, string step, int attempt, int inputs, int outputs, DateTimeOffset expiresOn);

    [LoggerMessage(EventId = 200, Level = LogLevel.Warning, Message = "{Method} {Path}: storage or the task hub is unavailable")]
    public static partial void ApiBackendUnavailable(ILogger logger, Exception exception, string method, string? path);

    [LoggerMessage(EventId = 201, Level = LogLevel.Error, Message = "{Method} {Path} failed inside Bazaar")]
    public static partial void ApiFailed(ILogger logger, Exception exception, string method, string? path);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information, Message = "Run {RunId} of graph {Graph} started over HTTP with {Inputs} input(s)")]
    public static partial void ApiRunStarted(ILogger logger, string runId, string graph, int inputs);

    [LoggerMessage(EventId = 203, Level = LogLevel.Information, Message = "Run {RunId} cancel requested: {Reason}")]
    public static partial void ApiRunCancelRequested(ILogger logger, string runId, string reason);
}
