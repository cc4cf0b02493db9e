namespace Bazaar.Remotes.AwsLambda;

/// <summary>A step's <c>aws-lambda</c> settings, read and checked from its remote's settings.</summary>
/// <param name="Function">The function's name, partial ARN or ARN.</param>
/// <param name="Region">The region the step names, or the ARN's; <see langword="null"/> for the host's.</param>
/// <param name="Qualifier">The version or alias, or <see langword="null"/>.</param>
internal sealed record LambdaStepSettings(string Function, string? Region, string? Qualifier);
