namespace Bazaar.Examples.StepFunction;

/// <summary>The step function's settings.</summary>
public sealed class StepHandlerOptions
{
    /// <summary>Gets or sets how the function answers.</summary>
    /// <value>Default <see cref="StepMode.Auto"/>; the app reads <c>BAZAAR_FUNCTION_MODE</c>.</value>
    public StepMode Mode { get; set; } = StepMode.Auto;

    /// <summary>Gets or sets the longest step answered at once in <see cref="StepMode.Auto"/>: safely under Azure's 230 seconds.</summary>
    /// <value>Default 200 seconds.</value>
    public TimeSpan SyncLimit { get; set; } = TimeSpan.FromSeconds(200);

    /// <summary>Gets or sets the <c>Retry-After</c> a status URL asks for while the step runs.</summary>
    /// <value>Default 1 second.</value>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the time between SIGTERM and SIGKILL when a step is stopped.</summary>
    /// <value>Default 10 seconds.</value>
    public TimeSpan Grace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets the largest request read.</summary>
    /// <value>Default 1 MiB.</value>
    public int MaxRequestBytes { get; set; } = 1024 * 1024;

    /// <summary>Reads the mode from <c>BAZAAR_FUNCTION_MODE</c> (auto, sync, async, callhome).</summary>
    /// <param name="value">The setting.</param>
    /// <returns>The mode; <see cref="StepMode.Auto"/> when unset.</returns>
    public static StepMode ParseMode(string? value) => value?.Trim().ToUpperInvariant() switch
    {
        null or "" or "AUTO" => StepMode.Auto,
        "SYNC" => StepMode.Sync,
        "ASYNC" => StepMode.Async,
        "CALLHOME" or "CALL-HOME" => StepMode.CallHome,
        _ => throw new ArgumentException($"BAZAAR_FUNCTION_MODE is '{value}'; write auto, sync, async or callhome.", nameof(value)),
    };
}
