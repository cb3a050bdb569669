// Log groups and secret masking in the CI that runs this script, through Cake's build-system detection.
// Locally, a group is just a heading.

/// <summary>Starts a collapsible group in the CI log; dispose it to end the group.</summary>
IDisposable CiGroup(string title)
{
    if (BuildSystem.IsRunningOnGitHubActions)
    {
        // ::group:: / ::endgroup::. GitHub does not nest groups, so tasks never open one around these.
        BuildSystem.GitHubActions.Commands.StartGroup(title);
        return new CiGroupEnd(() => BuildSystem.GitHubActions.Commands.EndGroup());
    }

    if (BuildSystem.IsRunningOnAzurePipelines)
    {
        // ##[group] / ##[endgroup]
        BuildSystem.AzurePipelines.Commands.BeginGroup(title);
        return new CiGroupEnd(() => BuildSystem.AzurePipelines.Commands.EndGroup());
    }

    if (BuildSystem.IsRunningOnTravisCI)
    {
        // travis_fold:start:NAME / travis_fold:end:NAME; a fold name is one word.
        var fold = System.Text.RegularExpressions.Regex.Replace(title.ToLowerInvariant(), "[^a-z0-9_.-]+", "-").Trim('-');
        BuildSystem.TravisCI.WriteStartFold(fold);
        Information(title);
        return new CiGroupEnd(() => BuildSystem.TravisCI.WriteEndFold(fold));
    }

    Information("");
    Information("--- {0}", title);
    return new CiGroupEnd(() => { });
}

/// <summary>Asks the CI to mask a secret wherever it would appear in the log.</summary>
void MaskSecret(string variable, string value)
{
    if (string.IsNullOrEmpty(value))
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
