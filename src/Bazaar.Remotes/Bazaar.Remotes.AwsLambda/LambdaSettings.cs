using System.Text.Json;
using System.Text.RegularExpressions;
using Bazaar.Graphs;

namespace Bazaar.Remotes.AwsLambda;

/// <summary>A step's <c>aws-lambda</c> settings from its graph: the function, and optionally its region and qualifier.</summary>
/// <param name="Function">The function's name, partial ARN or ARN.</param>
/// <param name="Region">The region the step names, or the ARN's; <see langword="null"/> for the host's.</param>
/// <param name="Qualifier">The version or alias, or <see langword="null"/>.</param>
internal sealed partial record LambdaSettings(string Function, string? Region, string? Qualifier)
{
    public const string RemoteType = "aws-lambda";
    public const string FunctionKey = "function";
    public const string RegionKey = "region";
    public const string QualifierKey = "qualifier";

    /// <summary>Reads and checks a step's settings.</summary>
    /// <param name="step">The step.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="AwsLambdaRemoteException">A setting is missing, unknown or malformed; the message names the step and the setting.</exception>
    public static LambdaSettings Read(StepDefinition step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var settings = step.Remote.Settings;
        foreach (var key in settings.Keys)
        {
            if (key is not (FunctionKey or RegionKey or QualifierKey))
            {
                throw Problem(step, key, $"is not a setting of the {RemoteType} remote; the settings are {FunctionKey} (required), {RegionKey} and {QualifierKey}. The endpoint is set on the host (AWS_ENDPOINT_URL_LAMBDA)");
            }
        }

        var function = Text(step, FunctionKey, required: true)!;
        if (!FunctionPattern().IsMatch(function))
        {
            throw Problem(step, FunctionKey, $"is '{function}', which is not a Lambda function name (1-64 of A-Z a-z 0-9 - _), a partial ARN (123456789012:function:name) or an ARN (arn:aws:lambda:us-east-1:123456789012:function:name)");
        }

        var region = Text(step, RegionKey, required: false);
        if (region is not null && !RegionPattern().IsMatch(region))
        {
            throw Problem(step, RegionKey, $"is '{region}', which is not an AWS region such as us-east-1");
        }

        var arnRegion = ArnPattern().Match(function) is { Success: true } arn ? arn.Groups["region"].Value : null;
        if (region is not null && arnRegion is not null && region != arnRegion)
        {
            throw Problem(step, RegionKey, $"is '{region}', but the function's ARN is in '{arnRegion}'; remove one or make them agree");
        }

        var qualifier = Text(step, QualifierKey, required: false);
        if (qualifier is not null && !QualifierPattern().IsMatch(qualifier))
        {
            throw Problem(step, QualifierKey, $"is '{qualifier}', which is not a Lambda version or alias (1-128 of A-Z a-z 0-9 - _, or $LATEST)");
        }

        return new LambdaSettings(function, region ?? arnRegion, qualifier);
    }

    private static string? Text(StepDefinition step, string key, bool required)
    {
        if (!step.Remote.Settings.TryGetValue(key, out var value) || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return required ? throw Problem(step, key, "is missing; name the function to invoke, e.g. remote: { type: aws-lambda, function: my-function }") : null;
        }

        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            throw Problem(step, key, $"is {value.ValueKind.ToString().ToLowerInvariant()} {value.GetRawText()}; write a non-empty string");
        }

        return value.GetString()!.Trim();
    }

    private static AwsLambdaRemoteException Problem(StepDefinition step, string key, string what) =>
        new($"Step '{step.Name}': setting '{key}' of its {RemoteType} remote{(step.Remote.Name is { } name ? $" '{name}'" : string.Empty)} {what}.") { Kind = FailureKind.Misconfigured };

    [GeneratedRegex(@"^(arn:aws[a-zA-Z-]*:lambda:[a-z]{2}(-[a-z]+)+-[0-9]+:)?([0-9]{12}:)?(function:)?[a-zA-Z0-9_-]{1,64}(:(\$LATEST|[a-zA-Z0-9_-]{1,128}))?\z", RegexOptions.CultureInvariant)]
    private static partial Regex FunctionPattern();

    [GeneratedRegex(@"^arn:aws[a-zA-Z-]*:lambda:(?<region>[a-z]{2}(-[a-z]+)+-[0-9]+):", RegexOptions.CultureInvariant)]
    private static partial Regex ArnPattern();

    [GeneratedRegex(@"^[a-z]{2}(-[a-z]+)+-[0-9]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex RegionPattern();

    [GeneratedRegex(@"^(\$LATEST|[a-zA-Z0-9_-]{1,128})\z", RegexOptions.CultureInvariant)]
    private static partial Regex QualifierPattern();
}
