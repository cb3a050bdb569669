using System.Globalization;
using Cake.Core.Diagnostics;

namespace Cake.MultiArch.Progress;

/// <summary>
/// The log of one architecture's work, or of one shared step such as the bake. Its lines are shown as
/// <c>[arm32v7] ...</c>; in front of an <see cref="ArchLogRouter"/> an architecture's lines go to that arch's block by
/// the architecture itself, never by reading the text back.
/// </summary>
internal sealed class ArchLog : ICakeLog
{
    private readonly ICakeLog _inner;
    private readonly string _label;

    private ArchLog(ICakeLog inner, CpuArchitecture? architecture, string label)
    {
        _inner = inner is ArchLog scoped ? scoped._inner : inner;
        Architecture = architecture;
        _label = label;
    }

    /// <summary>The architecture whose work this log shows; <see langword="null"/> for a shared step.</summary>
    public CpuArchitecture? Architecture { get; }

    /// <inheritdoc/>
    public Verbosity Verbosity
    {
        get => _inner.Verbosity;
        set => _inner.Verbosity = value;
    }

    /// <summary>The log for one architecture's work, or <paramref name="log"/> itself for work of no architecture.</summary>
    /// <param name="log">The log of the whole run.</param>
    /// <param name="architecture">The architecture, or <see langword="null"/>.</param>
    public static ICakeLog For(ICakeLog log, CpuArchitecture? architecture) =>
        architecture is null ? log : new ArchLog(log, architecture, architecture.Name);

    /// <summary>The log of a step that serves every architecture at once, such as the bake: its lines are the run's.</summary>
    /// <param name="log">The log of the whole run.</param>
    /// <param name="label">What the lines are shown under, such as <c>bake</c>.</param>
    public static ICakeLog Shared(ICakeLog log, string label) => new ArchLog(log, null, label);

    /// <summary>How a line of one architecture reads in the log.</summary>
    /// <param name="architecture">The architecture.</param>
    /// <param name="text">The formatted line.</param>
    public static string Render(CpuArchitecture architecture, string text) => Render(architecture.Name, text);

    /// <summary>Escapes a formatted line so that Cake writes it as it is, braces included.</summary>
    /// <param name="text">The formatted line.</param>
    public static string AsFormat(string text) =>
        text.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal);

    /// <inheritdoc/>
    public void Write(Verbosity verbosity, LogLevel level, string format, params object[] args)
    {
        var text = string.Format(CultureInfo.InvariantCulture, format, args);
        if (_inner is ArchLogRouter router && Architecture is { } architecture)
        {
            router.WriteFor(architecture, verbosity, level, text);
        }
        else
        {
            _inner.Write(verbosity, level, AsFormat(Render(_label, text)));
        }
    }

    private static string Render(string label, string text) => $"[{label}] {text}";
}
