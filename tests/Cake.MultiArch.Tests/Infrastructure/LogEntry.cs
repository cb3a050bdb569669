using Cake.Core.Diagnostics;

namespace Cake.MultiArch.Tests.Infrastructure;

/// <summary>One line written to a <see cref="CapturingLog"/>.</summary>
/// <param name="Verbosity">The verbosity it was written at.</param>
/// <param name="Level">Its log level.</param>
/// <param name="Message">The formatted text.</param>
public sealed record LogEntry(Verbosity Verbosity, LogLevel Level, string Message)
{
    /// <summary>The entry as a test failure shows it.</summary>
    public override string ToString() => $"[{Level}/{Verbosity}] {Message}";
}
