namespace Bazaar.Examples.StepFunction;

/// <summary>How the function answers a step (the app setting <c>BAZAAR_FUNCTION_MODE</c>).</summary>
public enum StepMode
{
    /// <summary>At once when the step's deadline is within <see cref="StepHandlerOptions.SyncLimit"/>; else by call-home when offered, else by a status URL.</summary>
    Auto,

    /// <summary>Always at once: 200 with the response (a step must end within Azure's 230 seconds).</summary>
    Sync,

    /// <summary>202 with <c>Location</c>, a status URL that answers 202 until the step has ended, then 200 with the response.</summary>
    Async,

    /// <summary>202 without <c>Location</c>: the step runs on and calls home with the response.</summary>
    CallHome,
}
