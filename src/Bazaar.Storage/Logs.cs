using Bazaar.Graphs;
using Microsoft.Extensions.Logging;

namespace Bazaar.Products;

/// <summary>
/// Every log message of Bazaar.Storage, source-generated, with fixed event ids 100-199: the product
/// store and step logs.
/// </summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "Ensured the blob container {Container} exists")]
    public static partial void ContainerReady(ILogger logger, string container);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Stored product {Name} of run {RunId}: {Kind} {Digest}, {Size} bytes")]
    public static partial void ProductStored(ILogger logger, string name, string runId, Bazaar.Graphs.ProductKind kind, string digest, long size);

    [LoggerMessage(EventId = 102, Level = LogLevel.Debug, Message = "Content {Digest} is already stored; not storing it again")]
    public static partial void ContentAlreadyStored(ILogger logger, string digest);

    [LoggerMessage(EventId = 103, Level = LogLevel.Debug, Message = "Uploaded content {Digest}, {Size} bytes in {Blocks} block(s)")]
    public static partial void ContentUploaded(ILogger logger, string digest, long size, int blocks);

    [LoggerMessage(EventId = 104, Level = LogLevel.Debug, Message = "Content {Digest} was stored by someone else meanwhile; keeping theirs (same digest, same bytes)")]
    public static partial void ContentStoredConcurrently(ILogger logger, string digest);

    [LoggerMessage(EventId = 105, Level = LogLevel.Debug, Message = "Materialized product {Name} ({Kind} {Digest}) at {Path}")]
    public static partial void ProductMaterialized(ILogger logger, string name, Bazaar.Graphs.ProductKind kind, string digest, string path);

    [LoggerMessage(EventId = 106, Level = LogLevel.Warning, Message = "Could not append to the step log {Blob}; {Bytes} bytes of it are lost")]
    public static partial void StepLogAppendFailed(ILogger logger, Exception exception, string blob, int bytes);

    [LoggerMessage(EventId = 107, Level = LogLevel.Warning, Message = "The step log {Blob} reached its cap of {Cap} bytes; the rest is dropped")]
    public static partial void StepLogTruncated(ILogger logger, string blob, long cap);

    [LoggerMessage(EventId = 108, Level = LogLevel.Information, Message = "Run {RunId}: signed URLs for step {Step} attempt {Attempt}: {Inputs} input(s) to read, {Outputs} output(s) to write, until {ExpiresOn:O}")]
    public static partial void ProductUrlsIssued(ILogger logger, string runId, string step, int attempt, int inputs, int outputs, DateTimeOffset expiresOn);
}
