using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Cake.MultiArch.Tests.Infrastructure;

namespace Cake.MultiArch.Tests.Reliability;

/// <summary>
/// What a registry holds, read through its HTTP API (<c>/v2/_catalog</c> and each repository's tag list) with a plain
/// <see cref="HttpClient"/>: two snapshots compare equal when no repository, tag or list was added or changed.
/// </summary>
public sealed record RegistrySnapshot(IReadOnlyDictionary<string, string> TagDigests)
{
    /// <summary>Reads every repository's tags and the digest each tag points at.</summary>
    /// <param name="registry">The registry.</param>
    public static async Task<RegistrySnapshot> TakeAsync(TestRegistry registry)
    {
        using var http = Client(registry);
        using var api = registry.CreateApi();
        var catalog = JsonDocument.Parse(await http.GetStringAsync("v2/_catalog?n=1000"));
        var tags = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var repository in catalog.RootElement.GetProperty("repositories").EnumerateArray().Select(r => r.GetString()!))
        {
            foreach (var tag in await api.ListTagsAsync(repository))
            {
                var manifest = await api.TryGetManifestAsync(repository, tag);
                tags[$"{repository}:{tag}"] = manifest?.Digest ?? "(gone)";
            }
        }

        return new RegistrySnapshot(tags);
    }

    /// <summary>The tags added or changed since <paramref name="before"/>, as <c>repository:tag</c>.</summary>
    /// <param name="before">The earlier snapshot.</param>
    public IReadOnlyList<string> ChangedSince(RegistrySnapshot before) =>
        TagDigests.Where(p => !before.TagDigests.TryGetValue(p.Key, out var digest) || digest != p.Value).Select(p => p.Key).ToList();

    private static HttpClient Client(TestRegistry registry)
    {
        var handler = new HttpClientHandler();
        if (registry.Tls)
        {
            // The test trusts its own registry's self-signed certificate only for these reads.
            handler.ServerCertificateCustomValidationCallback = (_, _, _, _) => true;
        }

        var http = new HttpClient(handler) { BaseAddress = registry.BaseUri, Timeout = TimeSpan.FromSeconds(30) };
        if (registry.Credentials is var (user, password))
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        }

        return http;
    }
}
