namespace Cake.MultiArch;

/// <summary>
/// The one exception Cake.MultiArch throws: a failed docker command, a registry that refused, or bad input.
/// The message names what went wrong and how to fix it; credentials never appear in it.
/// </summary>
/// <remarks>
/// Cake 7 seals <c>Cake.Core.CakeException</c>, so this derives from <see cref="Exception"/>; Cake reports it the same way
/// (the message as the error, and a non-zero exit of <c>dotnet cake</c>). The exit code of a failed process is in <see cref="ExitCode"/>.
/// </remarks>
public class MultiArchException : Exception
{
    /// <summary>Creates an exception for bad input or a failed check, with no process behind it.</summary>
    /// <param name="message">What was wrong and how to fix it.</param>
    public MultiArchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception that wraps the failure that caused it.</summary>
    /// <param name="message">What was wrong and how to fix it.</param>
    /// <param name="innerException">The cause, or <see langword="null"/> when there is none to keep.</param>
    public MultiArchException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for a command that ended with a non-zero exit code.</summary>
    /// <param name="message">The full message.</param>
    /// <param name="exitCode">The process's exit code.</param>
    /// <param name="commandLine">The command line, secrets masked.</param>
    /// <param name="standardErrorTail">The last lines of standard error, secrets masked.</param>
    /// <param name="hint">What to do, where the cause is known.</param>
    internal MultiArchException(string message, int exitCode, string commandLine, IReadOnlyList<string> standardErrorTail, string? hint)
        : base(message)
    {
        ExitCode = exitCode;
        CommandLine = commandLine;
        StandardErrorTail = standardErrorTail;
        Hint = hint;
    }

    /// <summary>The exit code of the process that failed; <see langword="null"/> when no process was involved.</summary>
    public int? ExitCode { get; }

    /// <summary>The command that failed, with secrets masked; <see langword="null"/> when no process was involved.</summary>
    public string? CommandLine { get; }

    /// <summary>The last lines the command wrote to standard error, with secrets masked.</summary>
    public IReadOnlyList<string> StandardErrorTail { get; } = [];

    /// <summary>What to do about it, where the cause is known.</summary>
    public string? Hint { get; }

    /// <summary>Set by the registry client where the failure is known to be transient (5xx, 429, a dropped connection): its cause.</summary>
    internal string? TransientCause { get; init; }

    /// <summary>The delay the registry asked for before a retry (HTTP <c>Retry-After</c>), when it asked.</summary>
    internal TimeSpan? RetryAfter { get; init; }

    /// <summary>The HTTP status a registry answered, when the failure is a registry's refusal; <see langword="null"/> otherwise.</summary>
    internal System.Net.HttpStatusCode? RegistryStatus { get; init; }

    /// <summary>What a registry's refusal means, where the code acts on it; <see langword="null"/> otherwise.</summary>
    internal RegistryProblem? RegistryProblem { get; init; }
}
