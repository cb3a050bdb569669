using Cake.Core.Diagnostics;

namespace Cake.MultiArch.Tests.Fakes;

/// <summary>A Cake log that keeps every line, formatted, for unit tests.</summary>
internal sealed class RecordingLog : ICakeLog
{
    private readonly List<string> _lines = [];

    public Verbosity Verbosity { get; set; } = Verbosity.Diagnostic;

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public void Write(Verbosity verbosity, LogLevel level, string format, params object[] args)
    {
        lock (_lines)
        {
            // Cake parses the format even without arguments, so {{ and }} are braces either way.
            _lines.Add(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));
        }
    }
}
