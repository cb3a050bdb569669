using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Cake.MultiArch.Tests.Example.Templates;

/// <summary>Reading CI templates with YamlDotNet's representation model: one document, mappings, sequences and scalars.</summary>
internal static partial class Yaml
{
    /// <summary>The root mapping of a file's only document.</summary>
    /// <param name="path">The file.</param>
    public static YamlMappingNode Load(string path)
    {
        using var reader = new StreamReader(path);
        var stream = new YamlStream();
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    /// <summary>A mapping's value under a key, or <see langword="null"/>.</summary>
    public static YamlNode? Get(YamlNode? node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    /// <summary>A mapping's scalar under a key, or <see langword="null"/>.</summary>
    public static string? Text(YamlNode? node, string key) => (Get(node, key) as YamlScalarNode)?.Value;

    /// <summary>A mapping's entries, in document order.</summary>
    public static IEnumerable<(string Key, YamlNode Value)> Entries(YamlNode? node) =>
        node is YamlMappingNode mapping ? mapping.Children.Select(c => (((YamlScalarNode)c.Key).Value!, c.Value)) : [];

    /// <summary>A mapping of scalars as a dictionary (an absent node is empty).</summary>
    public static Dictionary<string, string> Strings(YamlNode? node) =>
        Entries(node).ToDictionary(e => e.Key, e => ((YamlScalarNode)e.Value).Value ?? "", StringComparer.Ordinal);

    /// <summary>A scalar or a sequence of scalars as a list (an absent node is empty).</summary>
    public static IReadOnlyList<string> List(YamlNode? node) => node switch
    {
        null => [],
        YamlScalarNode scalar => [scalar.Value ?? ""],
        YamlSequenceNode sequence => sequence.Children.Select(c => ((YamlScalarNode)c).Value ?? "").ToArray(),
        _ => throw new InvalidDataException($"Expected a scalar or a list at line {node.Start.Line}."),
    };

    /// <summary>The items of a sequence (an absent node is empty).</summary>
    public static IEnumerable<YamlNode> Items(YamlNode? node) => node is YamlSequenceNode sequence ? sequence.Children : [];

    /// <summary>Whether a name matches a pattern in which <c>*</c> stands for any text.</summary>
    public static bool Matches(string name, string pattern) =>
        Regex.IsMatch(name, "^" + string.Join(".*", pattern.Split('*').Select(Regex.Escape)) + "$");
}
