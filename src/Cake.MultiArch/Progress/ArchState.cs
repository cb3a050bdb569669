using System.Diagnostics;

namespace Cake.MultiArch.Progress;

/// <summary>Where one architecture's work stands, for the progress views.</summary>
internal sealed class ArchState(CpuArchitecture architecture)
{
    private readonly Stopwatch _clock = new();

    /// <summary>The architecture.</summary>
    public CpuArchitecture Architecture { get; } = architecture;

    /// <summary>What it is doing: queued, base, building, pushing, done, failed or skipped.</summary>
    public string State { get; private set; } = "queued";

    /// <summary>The time since its first step started, until its last ended.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Whether it is done, failed or skipped.</summary>
    public bool Finished => State is "done" or "failed" or "skipped";

    /// <summary>A step of it started.</summary>
    /// <param name="state">The state the step stands for.</param>
    public void Start(string state)
    {
        if (!_clock.IsRunning && !Finished)
        {
            _clock.Start();
        }

        State = state;
    }

    /// <summary>It ended.</summary>
    /// <param name="state">done, failed or skipped.</param>
    public void Finish(string state)
    {
        _clock.Stop();
        State = state;
    }
}
