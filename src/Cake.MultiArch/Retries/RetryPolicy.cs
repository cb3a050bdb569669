using Cake.MultiArch.Docker;
using Cake.Core.Diagnostics;
using Cake.MultiArch.Retries;

namespace Cake.MultiArch;

/// <summary>
/// How pushes and registry operations retry transient failures (connection refused or reset, 5xx, 429, TLS handshake
/// timeouts): exponential backoff with jitter. Authentication, not-found and invalid-reference errors fail at once.
/// </summary>
public sealed class RetryPolicy
{
    /// <summary>No retries: every failure is final.</summary>
    public static RetryPolicy None => new() { Attempts = 1 };

    /// <summary>How many attempts in all, the first included. Defaults to 5.</summary>
    public int Attempts { get; set; } = 5;

    /// <summary>The delay before the first retry; each further one doubles it. Defaults to 1 second.</summary>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay between two attempts. Defaults to 15 seconds.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The longest server-requested delay (HTTP <c>Retry-After</c>) that is honoured; a longer request waits this long.
    /// Defaults to 1 minute, so that a registry asking for hours cannot hold a build that long.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The delay before attempt <paramref name="attempt"/> (2 for the first retry): doubling, capped, with ±20 % jitter.</summary>
    /// <param name="attempt">The attempt about to be made.</param>
    /// <param name="retryAfter">A delay the server asked for (HTTP Retry-After), which is honoured when longer, up to <see cref="MaxRetryAfter"/>.</param>
    internal TimeSpan DelayBefore(int attempt, TimeSpan? retryAfter = null)
    {
        var exponential = InitialDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempt - 2));
        var capped = Math.Min(exponential, MaxDelay.TotalMilliseconds);
        var jittered = capped * (0.8 + (Random.Shared.NextDouble() * 0.4));
        var delay = TimeSpan.FromMilliseconds(jittered);
        var honoured = retryAfter is { } asked ? (asked < MaxRetryAfter ? asked : MaxRetryAfter) : TimeSpan.Zero;
        return honoured > delay ? honoured : delay;
    }

    /// <summary>Runs an operation, retrying it while it fails transiently and attempts remain.</summary>
    /// <param name="what">What is attempted, for the log, such as <c>push app:1-arm32v7</c>.</param>
    /// <param name="operation">The operation.</param>
    /// <param name="log">Cake's log, where each retry is written with its cause.</param>
    /// <param name="cancellationToken">Stops waiting and retrying.</param>
    internal async Task<T> RunAsync<T>(string what, Func<CancellationToken, Task<T>> operation, ICakeLog log, CancellationToken cancellationToken)
    {
        var attempts = Math.Max(1, Attempts);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await operation(cancellationToken).ConfigureAwait(false);
            }
            catch (MultiArchException exception) when (attempt < attempts && TransientFailure.Cause(exception) is { } cause)
            {
                var delay = DelayBefore(attempt + 1, exception.RetryAfter);
                log.Warning(
                    "{0} failed ({1}); retrying in {2:0.0}s, attempt {3} of {4}.",
                    what, cause, delay.TotalSeconds, attempt + 1, attempts);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
