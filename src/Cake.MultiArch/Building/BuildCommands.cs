using static Cake.MultiArch.Docker.CommandTokens;

namespace Cake.MultiArch.Building;

/// <summary>
/// The argument tokens of a build: <c>docker build</c> of one architecture, the Engine API's build query, and <c>docker buildx bake</c> of a bake file. Pure functions from settings to tokens: nothing here runs a process or touches a file.
/// </summary>
internal static class BuildCommands
{
    /// <summary><c>docker build</c> of one architecture's image.</summary>
    /// <param name="settings">The build settings.</param>
    /// <param name="architecture">The architecture to build for.</param>
    /// <param name="tags">Every tag the image gets, the arch tag first.</param>
    /// <param name="baseImage">The base image for the base build argument, or <see langword="null"/> for none.</param>
    /// <param name="dockerfile">The absolute Dockerfile path.</param>
    /// <param name="context">The absolute context directory.</param>
    public static IReadOnlyList<string> Build(
        BuildArchImageSettings settings,
        CpuArchitecture architecture,
        IReadOnlyList<string> tags,
        string? baseImage,
        string dockerfile,
        string context)
    {
        var tokens = new List<string> { "build", "--platform", architecture.Platform, "--file", dockerfile };
        AddEach(tokens, "--tag", tags);
        if (baseImage is not null)
        {
            tokens.Add("--build-arg");
            tokens.Add($"{settings.BaseArgumentName}={baseImage}");
        }

        AddPairs(tokens, "--build-arg", settings.BuildArguments);
        // Each --label is one more step of the legacy builder (a container and a commit), so the add-in adds none of
        // its own: the inputs of an incremental build are recorded beside the image (BuildRecords), not on it.
        AddPairs(tokens, "--label", settings.Labels);

        AddOption(tokens, "--target", settings.Target);
        AddSwitch(tokens, "--pull", settings.Pull);
        AddSwitch(tokens, "--no-cache", settings.NoCache);
        AddEach(tokens, "--cache-from", settings.CacheFrom);
        if (settings.RegistryCache is { } cache)
        {
            tokens.Add("--cache-from");
            tokens.Add(RegistryCacheImport(cache, architecture, settings.Insecure));
            if (RegistryCacheExport(cache, architecture, settings.Insecure) is { } export)
            {
                tokens.Add("--cache-to");
                tokens.Add(export);
            }
        }

        tokens.AddRange(settings.ExtraArguments);
        tokens.Add(context);
        return tokens;
    }

    /// <summary>BuildKit's <c>--cache-from</c> value that reads one architecture's registry cache.</summary>
    /// <param name="cache">The cache.</param>
    /// <param name="architecture">The architecture whose cache is read.</param>
    /// <param name="insecure">The settings' <c>Insecure</c>: the cache registry speaks plain HTTP or has an untrusted certificate.</param>
    public static string RegistryCacheImport(RegistryCache cache, CpuArchitecture architecture, bool insecure) =>
        $"type=registry,ref={cache.ReferenceOf(architecture)}{Insecure(insecure)}";

    /// <summary>
    /// BuildKit's <c>--cache-to</c> value that writes one architecture's registry cache, or <see langword="null"/> when the
    /// cache is read-only.
    /// </summary>
    /// <param name="cache">The cache.</param>
    /// <param name="architecture">The architecture whose cache is written.</param>
    /// <param name="insecure">The settings' <c>Insecure</c>.</param>
    public static string? RegistryCacheExport(RegistryCache cache, CpuArchitecture architecture, bool insecure) =>
        cache.ReadOnly ? null
            : $"type=registry,ref={cache.ReferenceOf(architecture)},mode={(cache.Mode == RegistryCacheMode.Min ? "min" : "max")}{Insecure(insecure)}";

    // BuildKit reaches a registry on loopback over plain HTTP by itself (the daemon's insecure registries include
    // 127.0.0.0/8); another plain-HTTP or self-signed registry needs registry.insecure on the cache reference.
    private static string Insecure(bool insecure) => insecure ? ",registry.insecure=true" : "";

    /// <summary>
    /// The query of <c>POST /build</c> that builds what <see cref="Build"/> would, through BuildKit
    /// (<c>version=2</c>): the same platform, tags, base, build arguments, labels, target and cache switches.
    /// </summary>
    /// <param name="settings">The build settings.</param>
    /// <param name="architecture">The architecture built for.</param>
    /// <param name="tags">The tags, the arch tag first.</param>
    /// <param name="baseImage">The expanded base image, passed as the base build argument; <see langword="null"/> passes none.</param>
    /// <param name="dockerfile">The Dockerfile's path inside the context archive, with <c>/</c>.</param>
    public static string BuildKitQuery(
        BuildArchImageSettings settings,
        CpuArchitecture architecture,
        IReadOnlyList<string> tags,
        string? baseImage,
        string dockerfile)
    {
        var buildArguments = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (baseImage is not null)
        {
            buildArguments[settings.BaseArgumentName] = baseImage;
        }

        foreach (var (name, value) in settings.BuildArguments)
        {
            buildArguments[name] = value;
        }

        var query = new List<(string Name, string Value)>
        {
            ("version", "2"),
            ("platform", architecture.Platform),
            ("dockerfile", dockerfile),
            ("buildargs", JsonObject(buildArguments)),
            ("labels", JsonObject(new SortedDictionary<string, string>(settings.Labels, StringComparer.Ordinal))),
        };
        query.AddRange(tags.Select(t => ("t", t)));
        if (!string.IsNullOrEmpty(settings.Target))
        {
            query.Add(("target", settings.Target));
        }

        if (settings.Pull)
        {
            query.Add(("pull", "1"));
        }

        if (settings.NoCache)
        {
            query.Add(("nocache", "1"));
        }

        if (settings.CacheFrom.Count > 0)
        {
            query.Add(("cachefrom", JsonArray(settings.CacheFrom)));
        }

        return string.Join('&', query.Select(p => Uri.EscapeDataString(p.Name) + "=" + Uri.EscapeDataString(p.Value)));
    }

    /// <summary>A JSON object of strings, as the Engine API's <c>buildargs</c> and <c>labels</c> take.</summary>
    private static string JsonObject(IEnumerable<KeyValuePair<string, string>> pairs) => Json(json =>
    {
        json.WriteStartObject();
        foreach (var (name, value) in pairs)
        {
            json.WriteString(name, value);
        }

        json.WriteEndObject();
    });

    /// <summary>A JSON array of strings, as the Engine API's <c>cachefrom</c> takes.</summary>
    private static string JsonArray(IEnumerable<string> values) => Json(json =>
    {
        json.WriteStartArray();
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    });

    private static string Json(Action<System.Text.Json.Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            write(json);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary><c>docker buildx bake</c> of a bake file's default group, each target's digest written to a metadata file.</summary>
    /// <param name="definitionFile">The bake file (JSON).</param>
    /// <param name="metadataFile">Where bake writes what it built.</param>
    public static IReadOnlyList<string> Bake(string definitionFile, string metadataFile) =>
        ["buildx", "bake", "--file", definitionFile, "--metadata-file", metadataFile, "--progress", "plain"];
}
