using System.Globalization;
using Cake.Core.Diagnostics;
using Spectre.Console;

namespace Cake.MultiArch.Progress;

/// <summary>
/// Shows a pipeline's progress per architecture: a live table on a terminal, or plain lines (grouped per arch on CI).
/// The pipeline reports each arch's steps; this class decides what the user sees.
/// </summary>
internal sealed class PipelineProgress
{
    private readonly Dictionary<CpuArchitecture, ArchState> _states;
    private readonly ArchLogRouter _router;
    private readonly ICakeLog _log;
    private readonly CiLog _ci;
    private readonly bool _live;
    private LiveDisplayContext? _display;
    private Table? _table;

    /// <summary>Creates the view for a run.</summary>
    /// <param name="architectures">The run's architectures, in order.</param>
    /// <param name="router">The log every step writes to.</param>
    /// <param name="log">The real log, for the view's own lines.</param>
    /// <param name="ci">The CI the build runs on.</param>
    /// <param name="display">The display asked for.</param>
    public PipelineProgress(IReadOnlyList<CpuArchitecture> architectures, ArchLogRouter router, ICakeLog log, CiLog ci, ProgressDisplay display)
    {
        _states = architectures.ToDictionary(a => a, a => new ArchState(a));
        _router = router;
        _log = log;
        _ci = ci;
        _live = display == ProgressDisplay.Live || (display == ProgressDisplay.Auto && ci == CiLog.None && IsInteractiveTerminal());
    }

    /// <summary>Runs the pipeline's steps inside the view.</summary>
    /// <param name="run">The steps.</param>
    public async Task RunAsync(Func<Task> run)
    {
        // Lines are held back under a live view (written when it ends) and on CI (written as one group per arch);
        // whatever happens, nothing stays held once the steps are over.
        _router.Holding = _live || _ci.HasGroups;
        if (!_live)
        {
            try
            {
                await run().ConfigureAwait(false);
            }
            finally
            {
                _router.Holding = false;
                _router.ReleaseAll();
            }

            return;
        }

        _table = new Table().AddColumns("ARCH", "PLATFORM", "STATE", "TIME");
        foreach (var state in _states.Values)
        {
            _table.AddRow(state.Architecture.Name, state.Architecture.Platform, state.StateText, "");
        }

        try
        {
            await AnsiConsole.Live(_table).StartAsync(async context =>
            {
                _display = context;
                var steps = run();
                while (await Task.WhenAny(steps, Task.Delay(250)).ConfigureAwait(false) != steps)
                {
                    Refresh();
                }

                Refresh();
                await steps.ConfigureAwait(false);
            }).ConfigureAwait(false);
        }
        finally
        {
            _display = null;
            _router.Holding = false;
            _router.ReleaseAll();
        }
    }

    /// <summary>A step of an architecture started.</summary>
    /// <param name="architecture">The architecture.</param>
    /// <param name="state">The state the step stands for, such as <see cref="ArchStage.Building"/>.</param>
    public void Started(CpuArchitecture architecture, ArchStage state)
    {
        lock (_states)
        {
            _states[architecture].Start(state);
        }

        Refresh();
    }

    /// <summary>An architecture's work ended.</summary>
    /// <param name="architecture">The architecture.</param>
    /// <param name="state">Done, failed or skipped.</param>
    public void Finished(CpuArchitecture architecture, ArchStage state)
    {
        ArchState arch;
        lock (_states)
        {
            arch = _states[architecture];
            arch.Finish(state);
        }

        Refresh();
        if (_live)
        {
            return;
        }

        var line = $"[{architecture.Name}] {arch.StateText} in {arch.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)}s";
        if (_ci.HasGroups)
        {
            // One block per arch: its held lines inside a collapsible group, the outcome outside it.
            lock (_router)
            {
                using (_ci.Group($"{architecture.Name} ({architecture.Platform}): {arch.StateText}"))
                {
                    _router.Release(architecture);
                }

                _log.Information(line);
            }
        }
        else
        {
            _log.Information(line);
        }
    }

    private void Refresh()
    {
        if (_display is null || _table is null)
        {
            return;
        }

        lock (_states)
        {
            var row = 0;
            foreach (var state in _states.Values)
            {
                var color = state.State switch { ArchStage.Done => "green", ArchStage.Failed => "red", ArchStage.Queued => "grey", _ => "yellow" };
                _table.UpdateCell(row, 2, new Markup($"[{color}]{Markup.Escape(state.StateText)}[/]"));
                _table.UpdateCell(row, 3, new Text(state.Elapsed == TimeSpan.Zero ? "" : state.Elapsed.TotalSeconds.ToString("0.0s", CultureInfo.InvariantCulture)));
                row++;
            }
        }

        _display.Refresh();
    }

    private static bool IsInteractiveTerminal() =>
        !Console.IsOutputRedirected && !Console.IsErrorRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))
        && AnsiConsole.Profile.Capabilities.Interactive;
}
