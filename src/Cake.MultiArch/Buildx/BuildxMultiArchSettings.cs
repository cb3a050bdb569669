using Cake.Core.IO;
using Cake.MultiArch.Docker;
using Cake.MultiArch.Settings;

namespace Cake.MultiArch;

/// <summary>
/// Settings for <c>BuildxMultiArch</c>: every architecture in one <c>docker buildx build --platform a,b,c --push</c>,
/// which builds under QEMU or on the builder's native nodes and pushes the manifest list itself.
/// </summary>
public class BuildxMultiArchSettings : MultiArchToolSettings
{
    /// <summary>The image repository, such as <c>ghcr.io/me/app</c>. Required.</summary>
    public string Image { get; set; } = "";

    /// <summary>The tag. Defaults to <c>latest</c>.</summary>
    public string Tag { get; set; } = "latest";

    /// <summary>More tags for the same list, such as <c>latest</c>; a bare tag is put on <see cref="Image"/>.</summary>
    public IList<string> ExtraTags { get; set; } = new List<string>();

    /// <summary>The architectures. Defaults to amd64, arm32v6, arm32v7 and arm64v8; the first one a script adds replaces the defaults.</summary>
    public IList<CpuArchitecture> Architectures { get; set; } = new DefaultedList<CpuArchitecture>(CpuArchitecture.ClassicSet);

    /// <summary>The build context directory. Defaults to the working directory.</summary>
    public DirectoryPath? Context { get; set; }

    /// <summary>The Dockerfile. Defaults to <c>Dockerfile</c> in the context.</summary>
    public FilePath? Dockerfile { get; set; }

    /// <summary>Build arguments (<c>--build-arg</c>).</summary>
    public IDictionary<string, string> BuildArguments { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Labels (<c>--label</c>).</summary>
    public IDictionary<string, string> Labels { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Cache sources (<c>--cache-from</c>), such as <c>type=registry,ref=ghcr.io/me/app:buildcache</c>.</summary>
    public IList<string> CacheFrom { get; set; } = new List<string>();

    /// <summary>Cache exports (<c>--cache-to</c>), such as <c>type=registry,ref=ghcr.io/me/app:buildcache,mode=max</c>.</summary>
    public IList<string> CacheTo { get; set; } = new List<string>();

    /// <summary>
    /// A BuildKit build cache kept in a registry between runs, one per architecture
    /// (<c>&lt;Repository&gt;:&lt;Scope&gt;-&lt;arch&gt;</c>, <c>mode=max</c>), as in <c>MultiArchBuild</c>. Every arch's
    /// cache is read; unless it is <see cref="RegistryCache.ReadOnly"/>, a bake of one cache-only target per arch writes
    /// each arch's own cache first, and the one multi-platform build then finds every step in the builder's cache. Needs a
    /// builder that exports caches: the docker driver on the containerd image store, or a docker-container builder. None by default.
    /// </summary>
    public RegistryCache? RegistryCache { get; set; }

    /// <summary>Provenance attestation: <see langword="true"/>, <see langword="false"/>, or <see langword="null"/> for buildx's default.</summary>
    public bool? Provenance { get; set; }

    /// <summary>
    /// SBOM attestation: <see langword="true"/>, <see langword="false"/>, or <see langword="null"/> for buildx's default
    /// (none, unless <see cref="SbomGenerator"/> is set). BuildKit makes the SBOM by running a scanner image,
    /// <c>docker/buildkit-syft-scanner</c> from Docker Hub unless <see cref="SbomGenerator"/> names another.
    /// </summary>
    public bool? Sbom { get; set; }

    /// <summary>
    /// The SBOM scanner image (<c>--attest type=sbom,generator=IMAGE</c>), such as a mirror of
    /// <c>docker/buildkit-syft-scanner:stable-1</c> in a registry the builder reaches; setting it turns the SBOM on.
    /// </summary>
    public string? SbomGenerator { get; set; }

    /// <summary>The builder instance (<c>--builder</c>); the current one by default.</summary>
    public string? Builder { get; set; }

    /// <summary>Push the result (<c>--push</c>). On by default; off leaves it in the build cache.</summary>
    public bool Push { get; set; } = true;

    /// <summary>The Dockerfile stage to build (<c>--target</c>).</summary>
    public string? Target { get; set; }

    /// <summary>Always pull newer bases (<c>--pull</c>).</summary>
    public bool Pull { get; set; }

    /// <summary>Build without cache (<c>--no-cache</c>).</summary>
    public bool NoCache { get; set; }

    /// <summary>
    /// Takes what <c>MultiArchTags</c> decided: its primary tag as <see cref="Tag"/>, its other tags in
    /// <see cref="ExtraTags"/>, its labels in <see cref="Labels"/> (replacing keys already there), and its repository as
    /// <see cref="Image"/> when that is empty.
    /// </summary>
    /// <param name="tags">The result of <c>MultiArchTags</c>.</param>
    /// <returns>These settings.</returns>
    public BuildxMultiArchSettings UseTags(MultiArchTagSet tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        (Image, Tag) = tags.ApplyTo(Image, ExtraTags, Labels);
        return this;
    }
}
