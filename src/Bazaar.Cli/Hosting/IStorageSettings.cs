namespace Bazaar.Cli.Hosting;

/// <summary>The storage options of a verb that opens storage (<c>run</c>, <c>serve</c>, <c>products get</c>).</summary>
internal interface IStorageSettings
{
    string? Storage { get; }

    string? TaskHub { get; }

    string? Container { get; }
}
