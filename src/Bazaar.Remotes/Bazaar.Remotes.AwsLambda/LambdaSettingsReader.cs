using System.Text.Json;
using System.Text.RegularExpressions;
using Bazaar.Graphs;

namespace Bazaar.Remotes.AwsLambda;

/// <summary>Reads a <c>type: aws-lambda</c> remote's settings and reports every problem with them.</summary>
internal static partial class LambdaSettingsReader
{
    /// <summary>The remote type.</summary>
    public const string RemoteType = "aws-lambda";

    /// <summary>The function to invoke; required.</summary>
    public const string FunctionKey = "function";

    /// <summary>The function's region.</summary>
    public const string RegionKey = "region";

    /// <summary>The version or alias to invoke.</summary>
    public const string QualifierKey = "qualifier";

    /// <summary>The settings an aws-lambda remote takes, in the order the README lists them.</summary>
    public static readonly IReadOnlyList<string> Keys = [FunctionKey, RegionKey, QualifierKey];

    /// <summary>Reads the settings.</summary>
    /// <param name="remote">The remote.</param>
    /// <param name="problems">Receives what is wrong, one entry per setting, each saying what to write instead.</param>
    /// <returns>The settings, or <see langword="null"/> when there were problems.</returns>
    public static LambdaStepSettings? Read(RemoteDefinition remote, List<RemoteSettingProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(problems);
        var before = problems.Count;
        var settings = remote.Settings;
        foreach (var key in settings.Keys.Where(k => !Keys.Contains(k)).Order(StringComparer.Ordinal))
        {
            // The endpoint in particular is the host's: a graph must not send signed requests elsewhere.
            problems.Add(new(key, $"{RemoteType} setting '{key}' is not known; the {RemoteType} remote takes {FunctionKey} (required), {RegionKey} and {QualifierKey}, and its endpoint is set on the host (AWS_ENDPOINT_URL_LAMBDA), not in the graph"));
        }

        var beforeFunction = problems.Count;
        var function = RemoteSettingValues.Text(settings, RemoteType, FunctionKey, "write the function's name, e.g. function: my-function", problems);
        if (function is null && problems.Count == beforeFunction)
        {
            problems.Add(new(FunctionKey, $"the {RemoteType} remote needs {FunctionKey}:, the function to invoke, e.g. {{ type: {RemoteType}, {FunctionKey}: my-function }}"));
        }
        else if (function is not null && !FunctionPattern().IsMatch(function))
        {
            problems.Add(new(FunctionKey, $"{RemoteType} setting '{FunctionKey}' is '{function}', which is not a Lambda function; write a name (1-64 of A-Z a-z 0-9 - _), a partial ARN (123456789012:function:name) or an ARN (arn:aws:lambda:us-east-1:123456789012:function:name)"));
            function = null;
        }

        var region = RemoteSettingValues.Text(settings, RemoteType, RegionKey, "write a region such as us-east-1", problems);
        if (region is not null && !RegionPattern().IsMatch(region))
        {
            problems.Add(new(RegionKey, $"{RemoteType} setting '{RegionKey}' is '{region}', which is not an AWS region; write one such as us-east-1, or leave it out for the ARN's region or the host's"));
            region = null;
        }

        var arnRegion = function is not null && ArnPattern().Match(function) is { Success: true } arn ? arn.Groups["region"].Value : null;
        if (region is not null && arnRegion is not null && region != arnRegion)
        {
            problems.Add(new(RegionKey, $"{RemoteType} setting '{RegionKey}' is '{region}', but the function's ARN is in '{arnRegion}'; remove {RegionKey}: or make the two agree"));
        }

        var qualifier = RemoteSettingValues.Text(settings, RemoteType, QualifierKey, "write a version such as 3 or an alias such as live", problems);
        if (qualifier is not null && !QualifierPattern().IsMatch(qualifier))
        {
            problems.Add(new(QualifierKey, $"{RemoteType} setting '{QualifierKey}' is '{qualifier}', which is not a Lambda version or alias; write 1-128 of A-Z a-z 0-9 - _ (a version such as 3, an alias such as live) or $LATEST, or leave it out for $LATEST"));
        }

        return problems.Count == before ? new LambdaStepSettings(function!, region ?? arnRegion, qualifier) : null;
    }

    [GeneratedRegex(@"^(arn:aws[a-zA-Z-]*:lambda:[a-z]{2}(-[a-z]+)+-[0-9]+:)?([0-9]{12}:)?(function:)?[a-zA-Z0-9_-]{1,64}(:(\$LATEST|[a-zA-Z0-9_-]{1,128}))?\z", RegexOptions.CultureInvariant)]
    private static partial Regex FunctionPattern();

    [GeneratedRegex(@"^arn:aws[a-zA-Z-]*:lambda:(?<region>[a-z]{2}(-[a-z]+)+-[0-9]+):", RegexOptions.CultureInvariant)]
    private static partial Regex ArnPattern();

    [GeneratedRegex(@"^[a-z]{2}(-[a-z]+)+-[0-9]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex RegionPattern();

    [GeneratedRegex(@"^(\$LATEST|[a-zA-Z0-9_-]{1,128})\z", RegexOptions.CultureInvariant)]
    private static partial Regex QualifierPattern();
}
