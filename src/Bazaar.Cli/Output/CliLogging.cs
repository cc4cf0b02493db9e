using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bazaar.Cli.Output;

/// <summary>The engine's logs: on stderr, one line each, under <c>--verbose</c>; nowhere otherwise.</summary>
internal static class CliLogging
{
    public static ILoggerFactory Create(bool verbose) => verbose
        ? LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information)
            .AddFilter("Microsoft.AspNetCore", LogLevel.Warning).AddFilter("Grpc", LogLevel.Warning))
        : NullLoggerFactory.Instance;
}
