using Cake.Core;

namespace Cake.MultiArch.Progress;

/// <summary>The CI a build runs on, through Cake's build-system detection, for its collapsible log groups (secrets: see <see cref="Secrets.CiSecretMask"/>).</summary>
internal sealed class CiLog
{
    private readonly Func<string, IDisposable>? _group;

    private CiLog(Func<string, IDisposable>? group) => _group = group;

    /// <summary>A CI with the given group command; for tests of what the views write.</summary>
    /// <param name="group">Opens a group; disposing the result closes it.</param>
    internal static CiLog For(Func<string, IDisposable> group) => new(group);

    /// <summary>No CI: no groups.</summary>
    public static CiLog None { get; } = new(null);

    /// <summary>Whether the CI folds log groups.</summary>
    public bool HasGroups => _group is not null;

    /// <summary>Detects the CI (GitHub Actions, Azure Pipelines, Travis CI) from the build's environment.</summary>
    /// <param name="context">The Cake context.</param>
    public static CiLog Detect(ICakeContext context)
    {
        if (CiBuildSystem.Detect(context) is not { } system)
        {
            return None;
        }

        if (system.IsRunningOnGitHubActions)
        {
            var commands = system.GitHubActions.Commands;
            return new CiLog(title => Scope(() => commands.StartGroup(title), commands.EndGroup));
        }

        if (system.IsRunningOnAzurePipelines)
        {
            var commands = system.AzurePipelines.Commands;
            return new CiLog(title => Scope(() => commands.BeginGroup(title), commands.EndGroup));
        }

        if (system.IsRunningOnTravisCI)
        {
            var travis = system.TravisCI;
            return new CiLog(title =>
            {
                // A fold's name is one word.
                var fold = new string(title.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '-').ToArray()).Trim('-');
                return Scope(() => travis.WriteStartFold(fold), () => travis.WriteEndFold(fold));
            });
        }

        return None;
    }

    /// <summary>Opens a collapsible group; disposing it closes the group. Where there are none, nothing happens.</summary>
    /// <param name="title">The group's title.</param>
    public IDisposable Group(string title) => _group?.Invoke(title) ?? Scope(() => { }, () => { });

    private static IDisposable Scope(Action start, Action end)
    {
        start();
        return new End(end);
    }

    private sealed class End(Action end) : IDisposable
    {
        private Action? _end = end;

        public void Dispose() => Interlocked.Exchange(ref _end, null)?.Invoke();
    }
}
