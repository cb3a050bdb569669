using Cake.Core.Diagnostics;

namespace Cake.MultiArch.Progress;

/// <summary>
/// A Cake log in front of the real one that, while holding, keeps each architecture's lines (those written through
/// its <see cref="ArchLog"/>) apart and writes them as one block when that architecture is done: parallel steps then
/// read as one group per arch on CI, and nothing is written under a live view on a terminal.
/// </summary>
/// <param name="inner">The real log.</param>
internal sealed class ArchLogRouter(ICakeLog inner) : ICakeLog
{
    private readonly object _gate = new();
    private readonly Dictionary<CpuArchitecture, List<(Verbosity, LogLevel, string)>> _held = [];
    private readonly List<(Verbosity, LogLevel, string)> _before = [];
    private readonly List<(Verbosity, LogLevel, string)> _after = [];

    /// <summary>Whether lines are held back instead of written at once.</summary>
    public bool Holding { get; set; }

    /// <inheritdoc/>
    public Verbosity Verbosity
    {
        get => inner.Verbosity;
        set => inner.Verbosity = value;
    }

    /// <summary>Writes a line of no architecture: at once, or, while holding, before or after the archs' blocks.</summary>
    /// <inheritdoc/>
    public void Write(Verbosity verbosity, LogLevel level, string format, params object[] args)
    {
        if (!Holding)
        {
            inner.Write(verbosity, level, format, args);
            return;
        }

        // Held lines are formatted now: arguments may change before they are written.
        var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args);
        lock (_gate)
        {
            // Lines of no arch keep their place: before every arch's block, or after them.
            (_held.Count == 0 ? _before : _after).Add((verbosity, level, text));
        }
    }

    /// <summary>Writes a line of one architecture's work: at once, or, while holding, into that arch's block.</summary>
    /// <param name="architecture">The architecture.</param>
    /// <param name="verbosity">The verbosity.</param>
    /// <param name="level">The level.</param>
    /// <param name="text">The formatted line, without the architecture's name.</param>
    public void WriteFor(CpuArchitecture architecture, Verbosity verbosity, LogLevel level, string text)
    {
        var line = ArchLog.Render(architecture, text);
        lock (_gate)
        {
            if (Holding)
            {
                if (!_held.TryGetValue(architecture, out var lines))
                {
                    _held[architecture] = lines = [];
                }

                lines.Add((verbosity, level, line));
                return;
            }
        }

        inner.Write(verbosity, level, ArchLog.AsFormat(line));
    }

    /// <summary>Writes, and forgets, what one architecture's lines held.</summary>
    /// <param name="architecture">The architecture.</param>
    public void Release(CpuArchitecture architecture)
    {
        List<(Verbosity, LogLevel, string)>? lines;
        lock (_gate)
        {
            _held.Remove(architecture, out lines);
        }

        WriteAll(lines ?? []);
    }

    /// <summary>Writes everything still held: lines before the archs' work, each arch's block, lines after it.</summary>
    public void ReleaseAll()
    {
        List<(Verbosity, LogLevel, string)> before, after;
        CpuArchitecture[] archs;
        lock (_gate)
        {
            before = [.. _before];
            after = [.. _after];
            _before.Clear();
            _after.Clear();
            archs = [.. _held.Keys];
        }

        WriteAll(before);
        foreach (var arch in archs)
        {
            Release(arch);
        }

        WriteAll(after);
    }

    private void WriteAll(IEnumerable<(Verbosity Verbosity, LogLevel Level, string Text)> lines)
    {
        foreach (var (verbosity, level, text) in lines)
        {
            inner.Write(verbosity, level, ArchLog.AsFormat(text));
        }
    }
}
