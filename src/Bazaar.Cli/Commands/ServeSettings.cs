using System.ComponentModel;
using Bazaar.Cli.Hosting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Bazaar.Cli.Commands;

/// <summary>Arguments of <c>bazaar serve</c>.</summary>
internal sealed class ServeSettings : StorageSettings
{
    [CommandOption("--urls <URLS>")]
    [Description("Where to listen, ';'-separated (port 0 picks a free port). Default: " + ListenUrls.Default + ". Beyond loopback a token is required.")]
    public string Urls { get; init; } = ListenUrls.Default;

    [CommandOption("--token <TOKEN>")]
    [Description("Bearer token every request must carry (Authorization: Bearer TOKEN). Default: BAZAAR_API_TOKEN; none on loopback.")]
    public string? Token { get; init; }

    [CommandOption("--max-steps <N>")]
    [Description("Most steps this process runs at once, across all runs. Default: 32.")]
    [DefaultValue(32)]
    public int MaxSteps { get; init; } = 32;

    [CommandOption("-v|--verbose")]
    [Description("Log what the engine does to stderr.")]
    public bool Verbose { get; init; }

    /// <summary>Gets the token from <c>--token</c>, else <c>BAZAAR_API_TOKEN</c>, or <see langword="null"/>.</summary>
    public string? EffectiveToken => string.IsNullOrEmpty(this.Token) ? NullIfEmpty(Environment.GetEnvironmentVariable("BAZAAR_API_TOKEN")) : this.Token;

    public IReadOnlyList<string> UrlList => ListenUrls.Split(this.Urls);

    public override ValidationResult Validate()
    {
        if (this.UrlList.Count == 0)
        {
            return ValidationResult.Error("--urls is empty; give at least one, e.g. --urls " + ListenUrls.Default + ".");
        }

        if (this.UrlList.Select(ListenUrls.Problem).FirstOrDefault(p => p is not null) is { } problem)
        {
            return ValidationResult.Error(problem);
        }

        if (this.MaxSteps < 1)
        {
            return ValidationResult.Error($"--max-steps must be at least 1, not {this.MaxSteps}.");
        }

        if (this.EffectiveToken is null && this.UrlList.FirstOrDefault(u => !ListenUrls.IsLoopback(u)) is { } open)
        {
            return ValidationResult.Error(
                $"--urls {open} can be reached from other machines, and anyone who reaches it could run commands here. " +
                "Set a bearer token with --token TOKEN or BAZAAR_API_TOKEN, or listen on 127.0.0.1 only.");
        }

        return ValidationResult.Success();
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
