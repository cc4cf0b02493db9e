using System.Text.Json;
using Bazaar.Graphs;

namespace Bazaar.Remotes.AwsLambda;

/// <summary>
/// An AWS Lambda function as code names it, <c>remote: { type: aws-lambda, function: …, region: …, qualifier: … }</c>
/// in a graph file.
/// </summary>
/// <param name="Function">The function's name, partial ARN or ARN.</param>
/// <example><c>new AwsLambdaRemoteSpec("bazaar-step") { Region = "eu-west-1" }.Apply(step);</c></example>
public sealed record AwsLambdaRemoteSpec(string Function) : RemoteSpec
{
    /// <summary>Gets the function's region; <see langword="null"/> for the ARN's, then the host's.</summary>
    public string? Region { get; init; }

    /// <summary>Gets the version or alias to invoke; <see langword="null"/> for <c>$LATEST</c>.</summary>
    public string? Qualifier { get; init; }

    /// <inheritdoc/>
    public override string Type => LambdaSettingsReader.RemoteType;

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, JsonElement> Settings
    {
        get
        {
            var settings = new Dictionary<string, JsonElement>(StringComparer.Ordinal)
            {
                [LambdaSettingsReader.FunctionKey] = JsonSerializer.SerializeToElement(this.Function),
            };
            if (this.Region is not null)
            {
                settings[LambdaSettingsReader.RegionKey] = JsonSerializer.SerializeToElement(this.Region);
            }

            if (this.Qualifier is not null)
            {
                settings[LambdaSettingsReader.QualifierKey] = JsonSerializer.SerializeToElement(this.Qualifier);
            }

            return settings;
        }
    }
}
