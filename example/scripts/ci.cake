// Log groups and secret masking in the CI that runs this script, through Cake's build-system detection.
// Locally, a group is just a heading.

/// <summary>
/// Whether one of the CIs below runs this script, from the variable each sets: Cake's BuildSystem builds a provider
/// for every CI it knows on each use, which a local run need not pay for.
/// </summary>
bool OnGroupingCi() => new[] { "GITHUB_ACTIONS", "TF_BUILD", "TRAVIS" }.Any(v => !string.IsNullOrEmpty(EnvironmentVariable(v)));

/// <summary>Starts a collapsible group in the CI log; dispose it to end the group.</summary>
IDisposable CiGroup(string title)
{
    if (OnGroupingCi())
    {
        var ci = BuildSystem;
        if (ci.IsRunningOnGitHubActions)
        {
            // ::group:: / ::endgroup::. GitHub does not nest groups, so tasks never open one around these.
            ci.GitHubActions.Commands.StartGroup(title);
            return new CiGroupEnd(() => ci.GitHubActions.Commands.EndGroup());
        }

        if (ci.IsRunningOnAzurePipelines)
        {
            // ##[group] / ##[endgroup]
            ci.AzurePipelines.Commands.BeginGroup(title);
            return new CiGroupEnd(() => ci.AzurePipelines.Commands.EndGroup());
        }

        if (ci.IsRunningOnTravisCI)
        {
            // travis_fold:start:NAME / travis_fold:end:NAME; a fold name is one word.
            var fold = System.Text.RegularExpressions.Regex.Replace(title.ToLowerInvariant(), "[^a-z0-9_.-]+", "-").Trim('-');
            ci.TravisCI.WriteStartFold(fold);
            Information(title);
            return new CiGroupEnd(() => ci.TravisCI.WriteEndFold(fold));
        }
    }

    Information("");
    Information("--- {0}", title);
    return new CiGroupEnd(() => { });
}

/// <summary>Asks the CI to mask a secret wherever it would appear in the log.</summary>
void MaskSecret(string variable, string value)
{
    if (string.IsNullOrEmpty(value) || !OnGroupingCi())
    {
        return;
    }

    if (BuildSystem.IsRunningOnGitHubActions)
    {
        // ::add-mask::
        BuildSystem.GitHubActions.Commands.SetSecret(value);
    }
    else if (BuildSystem.IsRunningOnAzurePipelines)
    {
        // ##vso[task.setvariable variable=NAME;issecret=true]: Azure masks the value from here on.
        BuildSystem.AzurePipelines.Commands.SetSecretVariable(variable, value);
    }

    // Travis masks the values of encrypted (secure) variables itself; nothing to do there or locally.
    // Cake.MultiArch masks the password in its own output and errors in any case.
}

/// <summary>Ends a CI log group.</summary>
public sealed class CiGroupEnd : IDisposable
{
    private Action _end;

    public CiGroupEnd(Action end) => _end = end;

    public void Dispose()
    {
        _end?.Invoke();
        _end = null;
    }
}
