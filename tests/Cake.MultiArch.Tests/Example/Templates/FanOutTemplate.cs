namespace Cake.MultiArch.Tests.Example.Templates;

/// <summary>The example's fan-out templates, one per CI, and the reader of each CI's dialect.</summary>
internal static class FanOutTemplate
{
    /// <summary>The templates by CI: GitHub Actions, Azure Pipelines and Travis CI.</summary>
    public static readonly IReadOnlyDictionary<string, string> Files = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["github"] = ".github/workflows/multiarch-matrix.yml",
        ["azure"] = "azure-pipelines-matrix.yml",
        ["travis"] = ".travis-matrix.yml",
    };

    /// <summary>A template's jobs in run order, with the given variables in place of its own.</summary>
    /// <param name="ci">github, azure or travis.</param>
    /// <param name="variables">The registry, image and tag (and the secrets' values) to run it with.</param>
    public static IReadOnlyList<CiJob> Jobs(string ci, IReadOnlyDictionary<string, string> variables)
    {
        var path = ExampleFolder.File(Files[ci]);
        return CiJob.InRunOrder(ci switch
        {
            "github" => GitHubWorkflow.Read(path, variables),
            "azure" => AzurePipeline.Read(path, variables),
            "travis" => TravisBuild.Read(path, variables),
            _ => throw new ArgumentOutOfRangeException(nameof(ci), ci, "no such CI"),
        });
    }
}
