using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Bazaar.Cli.Commands;

/// <summary>Arguments of <c>bazaar submit</c>.</summary>
internal sealed class SubmitSettings : GraphRunSettings
{
    [CommandOption("--url <URL>")]
    [Description("The Bazaar server: a Function App (https://NAME.azurewebsites.net) or bazaar serve (http://127.0.0.1:7071). Default: BAZAAR_URL.")]
    public string? Url { get; init; }

    [CommandOption("--key <KEY>")]
    [Description("A Function App's function key (sent as x-functions-key). Default: BAZAAR_FUNCTION_KEY.")]
    public string? Key { get; init; }

    [CommandOption("--token <TOKEN>")]
    [Description("bazaar serve's bearer token. Default: BAZAAR_API_TOKEN, else ~/.bazaar/serve.token for a server on this machine.")]
    public string? Token { get; init; }

    [CommandOption("--detach")]
    [Description("Start the run and print its id and URLs without following it; exit 0 once it is accepted.")]
    public bool Detach { get; init; }

    public Uri? BaseUrl => Uri.TryCreate(this.Url ?? Environment.GetEnvironmentVariable("BAZAAR_URL"), UriKind.Absolute, out var url) ? url : null;

    public string? EffectiveKey => FirstSet(this.Key, Environment.GetEnvironmentVariable("BAZAAR_FUNCTION_KEY"));

    public string? EffectiveToken => FirstSet(this.Token, Environment.GetEnvironmentVariable("BAZAAR_API_TOKEN"))
        ?? (this.EffectiveKey is null && this.BaseUrl is { IsLoopback: true } ? Hosting.ServeToken.Read() : null);

    public override ValidationResult Validate()
    {
        var url = this.Url ?? Environment.GetEnvironmentVariable("BAZAAR_URL");
        if (string.IsNullOrEmpty(url))
        {
            return ValidationResult.Error("Say which server to submit to: --url http://127.0.0.1:7071 (bazaar serve) or --url https://NAME.azurewebsites.net (a Function App), or set BAZAAR_URL.");
        }

        if (this.BaseUrl is not { Scheme: "http" or "https" })
        {
            return ValidationResult.Error($"--url '{url}' is not an http:// or https:// URL.");
        }

        if (this.Key is not null && this.Token is not null)
        {
            return ValidationResult.Error("Give --key (a Function App) or --token (bazaar serve), not both.");
        }

        return base.Validate();
    }

    private static string? FirstSet(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrEmpty(v));
}
