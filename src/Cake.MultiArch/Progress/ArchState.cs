using System.Diagnostics;

namespace Cake.MultiArch.Progress;

/// <summary>Where one architecture's work stands, for the progress views.</summary>
internal sealed class ArchState(CpuArchitecture architecture)
{
    private readonly Stopwatch _clock = new();

    /// <summary>The architecture.</summary>
    public CpuArchitecture Architecture { get; } = architecture;

    /// <summary>What it is doing.</summary>
    public ArchStage State { get; private set; } = ArchStage.Queued;

    /// <summary>The state as the views write it: <c>queued</c>, <c>building</c>, <c>done</c>, ...</summary>
    public string StateText => State.ToString().ToLowerInvariant();

    /// <summary>The time since its first step started, until its last ended.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Whether it is done, failed or skipped.</summary>
    public bool Finished => State is ArchStage.Done or ArchStage.Failed or ArchStage.Skipped;

    /// <summary>A step of it started.</summary>
    /// <param name="state">The state the step stands for.</param>
    public void Start(ArchStage state)
    {
        if (!_clock.IsRunning && !Finished)
        {
            _clock.Start();
        }

        State = state;
    }

    /// <summary>It ended.</summary>
    /// <param name="state">Done, failed or skipped.</param>
    public void Finish(ArchStage state)
    {
        _clock.Stop();
        State = state;
    }
}
