using DurableTask.Core;

namespace Bazaar.Hosting;

/// <summary>The orchestration service the local host's in-process worker dispatches from, as a service the worker is built with.</summary>
/// <param name="Service">The Azure Storage orchestration service.</param>
internal sealed record InProcessEngine(IOrchestrationService Service);
