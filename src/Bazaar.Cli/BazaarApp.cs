using Bazaar.Cli.Commands;
using Bazaar.Cli.Output;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Bazaar.Cli;

/// <summary>
/// bazaar's verbs, their help, and how an error ends a command: the one configuration that
/// <c>Program</c> runs and the in-process tests run too (with Spectre.Console.Cli.Testing).
/// </summary>
internal static class BazaarApp
{
    /// <summary>Configures the app; its commands write to <paramref name="streams"/> (they take it in their constructor).</summary>
    public static void Configure(IConfigurator config, StandardStreams streams)
    {
        config.SetApplicationName("bazaar");
        config.ConfigureConsole(streams.Output);
        config.Settings.Registrar.RegisterInstance(streams);
        config.CancellationExitCode(ExitCodes.Interrupted);
        config.UseStrictParsing();
        config.AddCommand<RunCommand>("run")
            .WithDescription("Run a graph on this machine, on the local durable host. " + ExitCodes.Help)
            .WithExample("run", "examples/hello.yaml")
            .WithExample("run", "build.yaml", "--input", "source=./src", "--json");
        config.AddCommand<RerunCommand>("rerun")
            .WithDescription("Run an ended run's graph again, reusing every product it made: only its failed steps, those never reached and their downstream execute; the rest show as reused. " + ExitCodes.Help)
            .WithExample("rerun", "hello-20261125-101500-a1b2c3");
        config.AddCommand<RunsCommand>("runs")
            .WithDescription("List the recent runs on this machine's task hub, newest first, with their state and step counts. " + ExitCodes.ReadHelp)
            .WithExample("runs")
            .WithExample("runs", "--state", "Failed", "--limit", "5", "--json");
        config.AddCommand<StatusCommand>("status")
            .WithDescription("Show a run's state and each step's, as run prints at its end; works while it runs. " + ExitCodes.ReadHelp)
            .WithExample("status", "hello-20261125-101500-a1b2c3");
        config.AddCommand<LogsCommand>("logs")
            .WithDescription("Print a step's log (the last attempt unless --attempt); --follow prints it as it grows until the step ends. " + ExitCodes.ReadHelp)
            .WithExample("logs", "hello-20261125-101500-a1b2c3", "count")
            .WithExample("logs", "hello-20261125-101500-a1b2c3", "build", "--follow");
        config.AddCommand<CancelCommand>("cancel")
            .WithDescription("Stop a run from another terminal: nothing new starts, running steps are stopped, the rest skipped; the bazaar run following it ends cancelled. " + ExitCodes.ReadHelp)
            .WithExample("cancel", "hello-20261125-101500-a1b2c3", "--reason", "wrong branch");
        config.AddCommand<InfoCommand>("info")
            .WithDescription("Show where local runs are kept: storage, task hub, container, the emulator's data folder and whether it runs, and how to wipe it. Starts nothing.")
            .WithExample("info")
            .WithExample("info", "--json");
        config.AddCommand<ValidateCommand>("validate")
            .WithDescription("Check a graph file and report every problem at once, with its line. Exit 2 when there is any.")
            .WithExample("validate", "examples/hello.yaml");
        config.AddCommand<GraphCommand>("graph")
            .WithDescription("Print a graph file as DOT or Mermaid.")
            .WithExample("graph", "examples/hello.yaml", "--format", "mermaid");
        config.AddCommand<ServeCommand>("serve")
            .WithDescription("Serve the HTTP API (/api/runs) on the local durable host until Ctrl+C. Several serve processes on one task hub share the work. " +
                "Listens on 127.0.0.1 only unless --urls says otherwise; beyond loopback a bearer token (--token or BAZAAR_API_TOKEN) is required. " +
                "Exit codes: 0 stopped; 2 misused; 3 could not listen or reach storage.")
            .WithExample("serve")
            .WithExample("serve", "--urls", "http://0.0.0.0:8080", "--token", "s3cret");
        config.AddCommand<SubmitCommand>("submit")
            .WithDescription("Start a run on a Bazaar server (bazaar serve or the Function App) and follow it, as run does. " + ExitCodes.Help)
            .WithExample("submit", "examples/hello.yaml", "--url", "http://127.0.0.1:7071")
            .WithExample("submit", "build.yaml", "--url", "https://NAME.azurewebsites.net", "--key", "KEY", "--input", "source=./src");
        config.AddBranch("products", products =>
        {
            products.SetDescription("Fetch what runs produced.");
            products.AddCommand<ProductsListCommand>("list")
                .WithDescription("List the products a run has made: kind, size, digest and the step that made each. " + ExitCodes.ReadHelp)
                .WithExample("products", "list", "hello-20261125-101500-a1b2c3");
            products.AddCommand<ProductsGetCommand>("get")
                .WithDescription("Fetch a product of a run; a directory product is extracted. " + ExitCodes.ReadHelp)
                .WithExample("products", "get", "hello-20261125-101500-a1b2c3", "greeting", "-o", "greeting.txt");
        });
        config.SetExceptionHandler((exception, _) =>
        {
            switch (exception)
            {
                case CommandAppException parse:
                    streams.Output.WriteLine($"bazaar: {parse.Message}");
                    streams.Output.WriteLine("Run 'bazaar --help' for the verbs and their options.");
                    return ExitCodes.Invalid;
                case OperationCanceledException:
                    // A call to storage or the local engine cancelled by Ctrl+C or SIGTERM: the signal, not a bug.
                    streams.ErrorWriter.WriteLine("bazaar: interrupted.");
                    return ExitCodes.Interrupted;
                case BazaarException known:
                    streams.ErrorWriter.WriteLine($"bazaar: {known.Message}");
                    return ExitCodes.Infrastructure;
                default:
                    streams.ErrorWriter.WriteLine($"bazaar: unexpected error: {exception.GetType().Name}: {exception.Message}");
                    streams.ErrorWriter.WriteLine("This is a bug; please report it with the command you ran.");
                    return ExitCodes.Infrastructure;
            }
        });
    }
}
