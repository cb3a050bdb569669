using Cake.Core.Diagnostics;
using Cake.MultiArch.Docker;
using Cake.MultiArch.Images;

namespace Cake.MultiArch.Registry;

/// <summary>
/// A quick, optional look at a registry: one connection and one question, no retries, at most 10 seconds. For facts
/// that make a run better when known and change nothing when not (a base's digest, a base's platforms): a registry that
/// cannot be reached, refuses or does not hold the image gives <see langword="null"/>, and the log says why at verbose.
/// </summary>
internal static class RegistryGlance
{
    /// <summary>The longest a glance waits.</summary>
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    /// <summary>Asks the registry of <paramref name="reference"/> one question; <see langword="null"/> when it cannot answer.</summary>
    /// <typeparam name="T">The answer.</typeparam>
    /// <param name="reference">The image asked about.</param>
    /// <param name="settings">How to reach the registry (insecure, CA certificate, docker config for credentials); its retry policy is not used.</param>
    /// <param name="workingDirectory">The absolute directory relative paths resolve against.</param>
    /// <param name="log">Cake's log.</param>
    /// <param name="what">What is asked, for the log: <c>the digest of alpine:3.20</c>.</param>
    /// <param name="ask">The question.</param>
    /// <param name="cancellationToken">Cancels the glance (and is then thrown, unlike the glance's own time limit).</param>
    public static async Task<T?> TryAsync<T>(
        ImageReference reference,
        MultiArchToolSettings settings,
        string workingDirectory,
        ICakeLog log,
        string what,
        Func<RegistryClient, CancellationToken, Task<T?>> ask,
        CancellationToken cancellationToken)
        where T : class
    {
        var once = new MultiArchToolSettings();
        once.CopyToolSettingsFrom(settings);
        once.Retry = RetryPolicy.None;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Limit);
        try
        {
            using var client = await RegistryAccess.ConnectAsync(reference, once, workingDirectory, log, timeout.Token).ConfigureAwait(false);
            return await ask(client, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is MultiArchException || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            log.Verbose(
                "Could not read {0} from its registry ({1}).", what,
                exception is OperationCanceledException ? $"no answer within {Limit.TotalSeconds:0} s" : exception.Message.Split('\n')[0]);
            return null;
        }
    }
}
