using System.Globalization;
using Cake.Core.Diagnostics;
using NUnit.Framework;

namespace Cake.MultiArch.Tests.Infrastructure;

/// <summary>
/// A Cake log that records every line, formatted, at every verbosity, so tests can assert on what a user would see
/// with <c>--verbosity=diagnostic</c> and scan it for leaked secrets. Lines are echoed to the test's output.
/// </summary>
public sealed class CapturingLog : ICakeLog
{
    private readonly List<LogEntry> _entries = [];
    private readonly bool _echo;

    /// <summary>Creates an empty log at <see cref="Verbosity.Diagnostic"/>.</summary>
    /// <param name="echo">Whether to echo every line to NUnit's test output as well.</param>
    public CapturingLog(bool echo = true)
    {
        _echo = echo;
    }

    /// <summary>Always <see cref="Verbosity.Diagnostic"/> unless a test lowers it; lines above it are recorded anyway.</summary>
    public Verbosity Verbosity { get; set; } = Verbosity.Diagnostic;

    /// <summary>Every line written so far, in order.</summary>
    public IReadOnlyList<LogEntry> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    /// <summary>Every message written so far, in order.</summary>
    public IReadOnlyList<string> Lines => Entries.Select(e => e.Message).ToArray();

    /// <summary>Everything written so far as one text, one message a line.</summary>
    public string Text => string.Join(Environment.NewLine, Lines);

    /// <summary>Records a line; formats it the way Cake's own log does, and keeps the raw text when it cannot be formatted.</summary>
    /// <param name="verbosity">The verbosity.</param>
    /// <param name="level">The level.</param>
    /// <param name="format">A composite format string.</param>
    /// <param name="args">The format arguments.</param>
    public void Write(Verbosity verbosity, LogLevel level, string format, params object[] args)
    {
        var message = Format(format, args);
        lock (_entries)
        {
            _entries.Add(new LogEntry(verbosity, level, message));
        }

        if (_echo)
        {
            TestContext.Progress.WriteLine($"[{level}] {message}");
        }
    }

    /// <summary>Forgets every recorded line.</summary>
    public void Clear()
    {
        lock (_entries)
        {
            _entries.Clear();
        }
    }

    private static string Format(string format, object[] args)
    {
        // Cake parses the format even without arguments, so {{ and }} are braces either way.
        try
        {
            return string.Format(CultureInfo.InvariantCulture, format, args ?? []);
        }
        catch (FormatException)
        {
            // A malformed format must not hide what was logged: keep both parts, so secret scans still see them.
            return args is null || args.Length == 0 ? format : format + " " + string.Join(" ", args);
        }
    }
}
