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
    [Description("Bearer token every request must carry (Authorization: Bearer TOKEN). Default: BAZAAR_API_TOKEN, else a token made on first start and kept in ~/.bazaar/serve.token (0600), which submit reads.")]
    public string? Token { get; init; }

    [CommandOption("--no-auth")]
    [Description("Serve without a credential: any program or web page on this machine may then run commands through it. Loopback only; printed as a warning.")]
    public bool NoAuth { get; init; }

    [CommandOption("--remotes <TYPES>")]
    [Description("The remote types a submitted graph may use, ','-separated (process, docker, aws-lambda, azure-functions, azure-container-instances, aws-ecs, aws-batch). Whoever may submit may run commands here through process. Default: every installed one.")]
    public string? Remotes { get; init; }

    [CommandOption("--max-steps <N>")]
    [Description("Most steps this process runs at once, across all runs. Default: 32.")]
    [DefaultValue(32)]
    public int MaxSteps { get; init; } = 32;

    [CommandOption("-v|--verbose")]
    [Description("Log what the engine does to stderr.")]
    public bool Verbose { get; init; }

    /// <summary>Gets the token given: <c>--token</c>, else <c>BAZAAR_API_TOKEN</c>, or <see langword="null"/> (then serve makes or reads its own).</summary>
    public string? GivenToken => string.IsNullOrEmpty(this.Token) ? NullIfEmpty(Environment.GetEnvironmentVariable("BAZAAR_API_TOKEN")) : this.Token;

    public IReadOnlyList<string> UrlList => ListenUrls.Split(this.Urls);

    /// <summary>Gets the remote types offered, or <see langword="null"/> for every installed one.</summary>
    public IReadOnlyList<string>? OfferedRemotes => this.Remotes is null
        ? null
        : this.Remotes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

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

        if (this.OfferedRemotes is { } offered)
        {
            if (offered.Count == 0)
            {
                return ValidationResult.Error($"--remotes is empty; name at least one of {string.Join(", ", InstalledRemotes.Names)}.");
            }

            if (offered.FirstOrDefault(r => !InstalledRemotes.Names.Contains(r)) is { } unknown)
            {
                return ValidationResult.Error($"--remotes names '{unknown}', which is not an installed remote type; installed: {string.Join(", ", InstalledRemotes.Names)}.");
            }
        }

        if (this.MaxSteps < 1)
        {
            return ValidationResult.Error($"--max-steps must be at least 1, not {this.MaxSteps}.");
        }

        if (this.NoAuth && this.GivenToken is not null)
        {
            return ValidationResult.Error("Give --no-auth or a token (--token, BAZAAR_API_TOKEN), not both.");
        }

        if (this.NoAuth && this.UrlList.FirstOrDefault(u => !ListenUrls.IsLoopback(u)) is { } open)
        {
            return ValidationResult.Error(
                $"--no-auth with --urls {open}: that address can be reached from other machines, and anyone who reaches it could run commands here. " +
                "Drop --no-auth (serve then requires its token), or listen on 127.0.0.1 only.");
        }

        return ValidationResult.Success();
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
