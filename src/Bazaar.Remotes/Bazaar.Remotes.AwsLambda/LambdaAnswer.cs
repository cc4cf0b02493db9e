namespace Bazaar.Remotes.AwsLambda;

/// <summary>A successful Invoke call's answer: the function's payload, and whether it is an error.</summary>
/// <param name="Body">The payload.</param>
/// <param name="FunctionError">The <c>X-Amz-Function-Error</c> header (<c>Unhandled</c>, <c>Handled</c>), or <see langword="null"/>.</param>
/// <param name="LogResult">The base64 <c>X-Amz-Log-Result</c> header (the last 4 KB of the function's own log), or <see langword="null"/>.</param>
internal sealed record LambdaAnswer(byte[] Body, string? FunctionError, string? LogResult);
