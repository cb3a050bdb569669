using YamlDotNet.RepresentationModel;

namespace Cake.MultiArch.Tests.Example;

/// <summary>The example's CI recipes run the same Cake target that runs locally.</summary>
[TestFixture]
public class CiRecipeSpecs
{
    private static readonly string[] Recipes = [".travis.yml", "azure-pipelines.yml", ".github/workflows/multiarch.yml"];

    /// <summary>GitHub Actions and Azure Pipelines hand secrets to a script only through the step's env mapping.</summary>
    private static readonly string[] RecipesWithStepEnvironment = ["azure-pipelines.yml", ".github/workflows/multiarch.yml"];

    [TestCaseSource(nameof(Recipes))]
    public void Recipe_parses_as_one_yaml_mapping(string recipe)
    {
        // Given
        var path = ExampleFolder.File(recipe);

        // When
        var documents = Load(path);

        // Then
        Assert.That(documents, Has.Count.EqualTo(1));
        Assert.That(documents[0].RootNode, Is.InstanceOf<YamlMappingNode>());
    }

    [TestCaseSource(nameof(Recipes))]
    public void Recipe_runs_dotnet_cake_with_the_manifest_target(string recipe)
    {
        // Given
        var root = Load(ExampleFolder.File(recipe))[0].RootNode;

        // When
        var cakeCommands = CommandLines(root).Where(l => l.Contains("dotnet cake", StringComparison.Ordinal)).ToArray();

        // Then
        Assert.That(cakeCommands, Is.Not.Empty, $"{recipe} never runs dotnet cake");
        Assert.That(cakeCommands, Has.All.Contain("--target=Manifest"));
    }

    [TestCaseSource(nameof(Recipes))]
    public void Recipe_restores_the_cake_tool_before_running_it(string recipe)
    {
        // Given
        var root = Load(ExampleFolder.File(recipe))[0].RootNode;

        // When
        var commands = CommandLines(root).ToList();
        var restore = commands.FindIndex(l => l.Contains("dotnet tool restore", StringComparison.Ordinal));
        var cake = commands.FindIndex(l => l.Contains("dotnet cake", StringComparison.Ordinal));

        // Then
        Assert.That(restore, Is.GreaterThanOrEqualTo(0), $"{recipe} never runs dotnet tool restore");
        Assert.That(restore, Is.LessThan(cake));
    }

    [TestCaseSource(nameof(RecipesWithStepEnvironment))]
    public void Step_running_cake_gets_the_registry_credentials_as_environment(string recipe)
    {
        // Given
        var root = Load(ExampleFolder.File(recipe))[0].RootNode;

        // When
        var step = Mappings(root).Single(m => m.Children.Values.OfType<YamlScalarNode>()
            .Any(v => v.Value?.Contains("dotnet cake", StringComparison.Ordinal) == true));
        var environment = step.Children.TryGetValue(new YamlScalarNode("env"), out var env) ? env as YamlMappingNode : null;

        // Then
        Assert.That(environment, Is.Not.Null, $"the step of {recipe} that runs dotnet cake has no env mapping");
        var names = environment!.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value).ToArray();
        Assert.That(names, Does.Contain("REGISTRY_USER").And.Contain("REGISTRY_PASSWORD"));
    }

    private static IReadOnlyList<YamlDocument> Load(string path)
    {
        using var reader = new StreamReader(path);
        var stream = new YamlStream();
        stream.Load(reader);
        return stream.Documents.ToList();
    }

    /// <summary>Every line of every scalar, in document order: script steps are scalars, multi-line ones included.</summary>
    private static IEnumerable<string> CommandLines(YamlNode node) =>
        node.AllNodes.OfType<YamlScalarNode>()
            .SelectMany(s => (s.Value ?? "").Split('\n'))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0);

    private static IEnumerable<YamlMappingNode> Mappings(YamlNode node) => node.AllNodes.OfType<YamlMappingNode>();

    private static readonly string[] MatrixRecipes = ["azure-pipelines-matrix.yml", ".github/workflows/multiarch-matrix.yml", ".travis-matrix.yml"];

    [TestCaseSource(nameof(MatrixRecipes))]
    public void Matrix_recipe_publishes_each_arch_then_merges_after_them(string recipe)
    {
        // Given
        var documents = Load(ExampleFolder.File(recipe));
        var commands = CommandLines(documents[0].RootNode).ToList();

        // When
        var publish = commands.FindIndex(l => l.Contains("dotnet cake --target=PublishArch", StringComparison.Ordinal));
        var merge = commands.FindIndex(l => l.Contains("dotnet cake --target=Merge", StringComparison.Ordinal));

        // Then: one job per arch, the merge after them, and the publication file kept as an artifact in between
        Assert.That(documents, Has.Count.EqualTo(1));
        Assert.That(publish, Is.GreaterThanOrEqualTo(0), $"{recipe} never publishes an arch");
        Assert.That(merge, Is.GreaterThan(publish), $"{recipe} does not merge after publishing");
        Assert.That(commands[publish], Does.Contain("--archs="));
        Assert.That(commands.Skip(publish).Take(merge - publish).Any(l => l.Contains("publications/", StringComparison.Ordinal)), Is.True);
        foreach (var arch in new[] { "amd64", "arm32v6", "arm32v7", "arm64v8" })
        {
            Assert.That(commands, Has.Some.Contains(arch), $"{recipe} has no job for {arch}");
        }
    }
}
