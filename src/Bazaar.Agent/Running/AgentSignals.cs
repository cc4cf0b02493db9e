using System.Runtime.InteropServices;

namespace Bazaar.Agent.Running;

/// <summary>
/// SIGTERM and SIGINT sent to the agent (the container being stopped, Ctrl+C): not the end of the agent but a
/// request to stop the step, which it passes on; the agent still uploads nothing and calls home with how it ended.
/// </summary>
internal sealed class AgentSignals : IDisposable
{
    private readonly List<PosixSignalRegistration> registrations = [];
    private readonly CancellationTokenSource stopping = new();
    private readonly Lock gate = new();
    private readonly List<Action<int>> listeners = [];

    public AgentSignals()
        : this(listen: true)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AgentSignals"/> class.</summary>
    /// <param name="listen">
    /// Whether the process's SIGTERM and SIGINT stop the attempt; a host running attempts of its own (a function
    /// app) says <see langword="false"/> and calls <see cref="Stop"/> instead.
    /// </param>
    public AgentSignals(bool listen)
    {
        if (listen)
        {
            this.registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, this.OnSignal));
            this.registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, this.OnSignal));
        }
    }

    /// <summary>Gets a token cancelled at the first signal.</summary>
    public CancellationToken Stopping => this.stopping.Token;

    /// <summary>Gets the first signal received (its number), or 0.</summary>
    public int Received { get; private set; }

    /// <summary>Calls <paramref name="listener"/> with each signal from now on, and at once with one already received.</summary>
    public IDisposable Subscribe(Action<int> listener)
    {
        int already;
        lock (this.gate)
        {
            this.listeners.Add(listener);
            already = this.Received;
        }

        if (already != 0)
        {
            listener(already);
        }

        return new Subscription(this, listener);
    }

    public void Dispose()
    {
        foreach (var registration in this.registrations)
        {
            registration.Dispose();
        }

        this.stopping.Dispose();
    }

    /// <summary>Stops the attempt as SIGTERM would: the step is stopped, and the attempt ends saying so.</summary>
    public void Stop() => this.Raise(NativeMethods.SigTerm);

    private void OnSignal(PosixSignalContext context)
    {
        // Handled here: the agent ends by itself once the step has, after calling home.
        context.Cancel = true;
        this.Raise(context.Signal == PosixSignal.SIGINT ? NativeMethods.SigInt : NativeMethods.SigTerm);
    }

    private void Raise(int signal)
    {
        Action<int>[] current;
        lock (this.gate)
        {
            if (this.Received == 0)
            {
                this.Received = signal;
            }

            current = [.. this.listeners];
        }

        this.stopping.Cancel();
        foreach (var listener in current)
        {
            listener(signal);
        }
    }

    private sealed class Subscription(AgentSignals owner, Action<int> listener) : IDisposable
    {
        public void Dispose()
        {
            lock (owner.gate)
            {
                owner.listeners.Remove(listener);
            }
        }
    }
}
