using Cake.Core.Diagnostics;

namespace Cake.MultiArch.Progress;

/// <summary>
/// A Cake log in front of the real one that, while holding, keeps each architecture's lines (those that start with
/// <c>[arch] </c>) apart and writes them as one block when that architecture is done: parallel steps then read as
/// one group per arch on CI, and nothing is written under a live view on a terminal.
/// </summary>
/// <param name="inner">The real log.</param>
internal sealed class ArchLogRouter(ICakeLog inner) : ICakeLog
{
    private readonly object _gate = new();
    private readonly Dictionary<string, List<(Verbosity, LogLevel, string)>> _held = new(StringComparer.Ordinal);
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
        var arch = ArchOf(text);
        lock (_gate)
        {
            if (arch is null)
            {
                // Lines of no arch keep their place: before every arch's block, or after them.
                (_held.Count == 0 ? _before : _after).Add((verbosity, level, text));
            }
            else
            {
                if (!_held.TryGetValue(arch, out var lines))
                {
                    _held[arch] = lines = [];
                }

                lines.Add((verbosity, level, text));
            }
        }
    }

    /// <summary>Writes, and forgets, what one architecture's lines held.</summary>
    /// <param name="arch">The architecture's name.</param>
    public void Release(string arch)
    {
        List<(Verbosity, LogLevel, string)>? lines;
        lock (_gate)
        {
            _held.Remove(arch, out lines);
        }

        WriteAll(lines ?? []);
    }

    /// <summary>Writes everything still held: lines before the archs' work, each arch's block, lines after it.</summary>
    public void ReleaseAll()
    {
        List<(Verbosity, LogLevel, string)> before, after;
        string[] archs;
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
            inner.Write(verbosity, level, text.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal));
        }
    }

    /// <summary>The architecture a line belongs to: the name in its leading <c>[...]</c>, or <see langword="null"/>.</summary>
    /// <param name="line">The formatted line.</param>
    internal static string? ArchOf(string line)
    {
        if (line.Length < 3 || line[0] != '[')
        {
            return null;
        }

        var end = line.IndexOf("] ", StringComparison.Ordinal);
        return end > 1 && CpuArchitecture.TryParse(line[1..end], out var architecture) ? architecture.Name : null;
    }
}
