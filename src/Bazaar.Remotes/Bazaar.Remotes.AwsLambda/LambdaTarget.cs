namespace Bazaar.Remotes.AwsLambda;

/// <summary>The function a step invokes, where, and how it is named in messages.</summary>
/// <param name="Settings">The step's settings.</param>
/// <param name="Region">The region the call is signed for.</param>
/// <param name="Endpoint">The Lambda endpoint.</param>
internal sealed record LambdaTarget(LambdaStepSettings Settings, string Region, Uri Endpoint)
{
    /// <summary>The service name Lambda calls are signed for.</summary>
    public const string SigningService = "lambda";

    /// <summary>Gets the Invoke API's URL: <c>POST {endpoint}/2015-03-31/functions/{name}/invocations[?Qualifier=…]</c>.</summary>
    public Uri InvocationUri
    {
        get
        {
            var path = $"{this.Endpoint.AbsoluteUri.TrimEnd('/')}/2015-03-31/functions/{Uri.EscapeDataString(this.Settings.Function)}/invocations";
            return new Uri(this.Settings.Qualifier is { } qualifier ? $"{path}?Qualifier={Uri.EscapeDataString(qualifier)}" : path);
        }
    }

    /// <summary>Describes the function for messages: <c>Lambda function 'f' (qualifier q)</c>.</summary>
    /// <returns>The text.</returns>
    public string Describe() =>
        $"Lambda function '{this.Settings.Function}'{(this.Settings.Qualifier is { } q ? $" (qualifier {q})" : string.Empty)}";
}
