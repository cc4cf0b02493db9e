using Bazaar;
using Bazaar.Cli;
using Bazaar.Cli.Commands;
using Spectre.Console;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("bazaar");
    config.CancellationExitCode(ExitCodes.Interrupted);
    config.UseStrictParsing();
    config.AddCommand<RunCommand>("run")
        .WithDescription("Run a graph on this machine, on the local durable host. " + ExitCodes.Help)
        .WithExample("run", "examples/hello.yaml")
        .WithExample("run", "build.yaml", "--input", "source=./src", "--json");
    config.AddCommand<ValidateCommand>("validate")
        .WithDescription("Check a graph file and report every problem at once, with its line. Exit 2 when there is any.")
        .WithExample("validate", "examples/hello.yaml");
    config.AddCommand<GraphCommand>("graph")
        .WithDescription("Print a graph file as DOT or Mermaid.")
        .WithExample("graph", "examples/hello.yaml", "--format", "mermaid");
    config.AddBranch("products", products =>
    {
        products.SetDescription("Fetch what runs produced.");
        products.AddCommand<ProductsGetCommand>("get")
            .WithDescription("Fetch a product of a run; a directory product is extracted.")
            .WithExample("products", "get", "hello-20261125-101500-a1b2c3", "greeting", "-o", "greeting.txt");
    });
    config.SetExceptionHandler((exception, _) =>
    {
        switch (exception)
        {
            case CommandAppException parse:
                AnsiConsole.Console.WriteLine($"bazaar: {parse.Message}");
                AnsiConsole.Console.WriteLine("Run 'bazaar --help' for the verbs and their options.");
                return ExitCodes.Invalid;
            case BazaarException known:
                Console.Error.WriteLine($"bazaar: {known.Message}");
                return ExitCodes.Infrastructure;
            default:
                Console.Error.WriteLine($"bazaar: unexpected error: {exception.GetType().Name}: {exception.Message}");
                Console.Error.WriteLine("This is a bug; please report it with the command you ran.");
                return ExitCodes.Infrastructure;
        }
    });
});

return await app.RunAsync(args);
