using Cake.Core.IO;
using Cake.MultiArch.Docker;
using Cake.MultiArch.Building;
using Cake.MultiArch.Images;
using Cake.MultiArch.Pipeline;
using Cake.MultiArch.Settings;

namespace Cake.MultiArch;

/// <summary>
/// Settings for <c>MultiArchBuild</c>, the classic Makefile in one call: for every architecture a QEMU-enabled base,
/// a build and a push, then the manifest list.
/// </summary>
public class MultiArchBuildSettings : MultiArchToolSettings
{
    /// <summary>The image repository, such as <c>127.0.0.1:5000/app</c> or <c>ghcr.io/me/app</c>. Required.</summary>
    public string Image { get; set; } = "";

    /// <summary>The release tag; the manifest list gets it, each arch image gets <see cref="TagPattern"/>. Defaults to <c>latest</c>.</summary>
    public string Tag { get; set; } = "latest";

    /// <summary>
    /// The architectures (the Makefile's ARCHS). Defaults to amd64, arm32v6, arm32v7 and arm64v8; the first one a script
    /// adds replaces the defaults, so <c>Architectures = { "arm64v8" }</c> builds arm64v8 alone.
    /// </summary>
    public IList<CpuArchitecture> Architectures { get; set; } = new DefaultedList<CpuArchitecture>(CpuArchitecture.ClassicSet);

    /// <summary>How each arch's tag is made from <c>{image}</c>, <c>{tag}</c> and <c>{arch}</c>. Defaults to <c>{image}:{tag}-{arch}</c>.</summary>
    public string TagPattern { get; set; } = "{image}:{tag}-{arch}";

    /// <summary>The build context directory. Defaults to the working directory.</summary>
    public DirectoryPath? Context { get; set; }

    /// <summary>The Dockerfile. Defaults to <c>Dockerfile</c> in the context.</summary>
    public FilePath? Dockerfile { get; set; }

    /// <summary>The vanilla per-arch base; <c>{arch}</c> is replaced. Defaults to <c>{arch}/alpine</c>.</summary>
    public string BaseImage { get; set; } = "{arch}/alpine";

    /// <summary>
    /// Make a QEMU-enabled base per arch (<c>BuildQemuBase</c>) and build from it; on by default, as the classic recipe does.
    /// Off passes <see cref="BaseImage"/> to the build as it is.
    /// </summary>
    public bool UseQemuBases { get; set; } = true;

    /// <summary>The QEMU-enabled bases' tag; <c>{arch}</c> is replaced. Defaults to <c>local/qemu-{arch}</c>.</summary>
    public string QemuBaseTagPattern { get; set; } = "local/qemu-{arch}";

    /// <summary>Copy <c>qemu-*-static</c> into the bases even where the handler's F flag makes it needless.</summary>
    public bool ForceQemuCopy { get; set; }

    /// <summary>Pull a per-arch base that is not a local image. On by default.</summary>
    public bool PullMissingBase { get; set; } = true;

    /// <summary>The build argument that carries the base (<c>ARG BASE</c>). Defaults to <c>BASE</c>.</summary>
    public string BaseArgumentName { get; set; } = "BASE";

    /// <summary>Build arguments for every arch.</summary>
    public IDictionary<string, string> BuildArguments { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Labels for every arch's image.</summary>
    public IDictionary<string, string> Labels { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The Dockerfile stage to build.</summary>
    public string? Target { get; set; }

    /// <summary>Build without Docker's layer cache.</summary>
    public bool NoCache { get; set; }

    /// <summary>Register QEMU for the foreign architectures first (<c>RegisterQemu</c> with its defaults).</summary>
    public bool RegisterQemu { get; set; }

    /// <summary>Push the arch images and the manifest list; off builds only. On by default.</summary>
    public bool Push { get; set; } = true;


    /// <summary>
    /// Push the manifest list once every arch is pushed. On by default; turn it off in a per-arch CI job whose
    /// publication (see <see cref="PublicationDirectory"/>) a final job merges with <c>MergeArchPublications</c>.
    /// </summary>
    public bool PushManifestList { get; set; } = true;

    /// <summary>A folder where each pushed arch writes <c>&lt;arch&gt;.json</c> (arch, platform, repository, digest) for a later merge.</summary>
    public DirectoryPath? PublicationDirectory { get; set; }

    /// <summary>More tags for the manifest list, such as <c>latest</c>.</summary>
    public IList<string> ExtraListTags { get; set; } = new List<string>();

    /// <summary>Read the pushed list back from the registry and verify it as the last step (<c>VerifyManifest</c>).</summary>
    public bool Verify { get; set; }

    /// <summary>With <see cref="Verify"/>: a command to run in each arch's image, such as <c>uname -m</c>; its output is in the result.</summary>
    public IList<string> VerifyCommand { get; set; } = new List<string>();

    /// <summary>
    /// Redo work whose result is already in place: push arch images the registry already holds at the same digest,
    /// and the list when the registry's list already has exactly these entries. Off by default.
    /// </summary>
    public bool Force { get; set; }

    /// <summary>How progress is shown: a live view on a terminal, plain lines grouped per arch on CI (the default, Auto).</summary>
    public ProgressDisplay Progress { get; set; } = ProgressDisplay.Auto;

    /// <summary>
    /// Check everything before building (sources, daemons, QEMU handlers, registry) and report every problem at once.
    /// On by default; off checks the settings only.
    /// </summary>
    public bool Preflight { get; set; } = true;

    /// <summary>
    /// How many steps run at the same time: per-arch bases, builds and pushes; the list waits for all of them.
    /// By default the larger of the processor count and the number of architectures, at most 8 (builds wait on docker as
    /// much as on the CPU); 1 gives the Makefile's serial order.
    /// </summary>
    public int? MaxParallelism { get; set; }

    /// <summary>How the manifest list is made: straight through the registry's HTTP API by default (no <c>docker manifest</c> needed), or <see cref="ManifestMethod.DockerManifest"/> as the classic recipe.</summary>
    public ManifestMethod ManifestMethod { get; set; } = ManifestMethod.Registry;

    /// <summary>
    /// The list's format with <see cref="ManifestMethod.Registry"/>: <see cref="ManifestListFormat.Auto"/> by
    /// default (an OCI image index for BuildKit's OCI images and attestations, a Docker manifest list for Docker v2 images).
    /// </summary>
    public ManifestListFormat ListFormat { get; set; } = ManifestListFormat.Auto;

    /// <summary>Keep each arch image's attestations (provenance, SBOM) in the list. On by default.</summary>
    public bool KeepAttestations { get; set; } = true;

    /// <summary>Annotations of the list itself, such as <c>org.opencontainers.image.source</c> (OCI image index only).</summary>
    public IDictionary<string, string> ListAnnotations { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Annotations of one architecture's entry in the list, by architecture (OCI image index only).</summary>
    public IDictionary<CpuArchitecture, IDictionary<string, string>> PlatformAnnotations { get; set; } =
        new Dictionary<CpuArchitecture, IDictionary<string, string>>();

    /// <summary>
    /// How the images are built. <see cref="BuildMethod.Auto"/>, the default, picks what is fastest on the daemon:
    /// on one whose <c>docker build</c> is BuildKit (Docker 23 and later) and a client with buildx, a pushing run builds
    /// every arch in one BuildKit invocation (<c>docker buildx bake</c>, a target per arch, each arch tag pushed by
    /// BuildKit); on Docker 20.10's legacy builder, BuildKit through the Engine API per arch; else <c>docker build</c> per
    /// arch. <see cref="BuildMethod.DockerCli"/> builds each arch with <c>docker build</c>, as the classic recipe does.
    /// </summary>
    public BuildMethod BuildMethod { get; set; } = BuildMethod.Auto;

    /// <summary>
    /// A BuildKit build cache kept in a registry between runs, one per architecture
    /// (<c>&lt;Repository&gt;:&lt;Scope&gt;-&lt;arch&gt;</c>, <c>mode=max</c>), read and, unless it is
    /// <see cref="RegistryCache.ReadOnly"/>, written by each arch's build. Needs a daemon whose <c>docker build</c> is
    /// BuildKit (Docker 23 and later) and the buildx plugin; the preflight refuses the legacy builder, and
    /// <see cref="BuildMethod.EngineBuildKit"/>, which cannot export a cache. None by default.
    /// </summary>
    public RegistryCache? RegistryCache { get; set; }

    /// <summary>The parallelism in force: <see cref="MaxParallelism"/>, or the default it describes.</summary>
    internal int EffectiveParallelism => MaxParallelism ?? Math.Min(8, Math.Max(Environment.ProcessorCount, Architectures.Count));

    /// <summary>
    /// Per-architecture daemons: an arch listed here builds and pushes on its own daemon (natively, when that machine
    /// has the arch's CPU); every other arch uses <see cref="MultiArchToolSettings.DockerHost"/> or the default daemon.
    /// </summary>
    public IDictionary<CpuArchitecture, ArchBuilder> Builders { get; set; } = new Dictionary<CpuArchitecture, ArchBuilder>();

    /// <summary>Where the host's <c>qemu-*-static</c> emulators are. Searched in /usr/bin and /usr/local/bin by default.</summary>
    public DirectoryPath? QemuDirectory { get; set; }

    /// <summary>Where binfmt_misc is mounted. Defaults to <c>/proc/sys/fs/binfmt_misc</c>.</summary>
    public DirectoryPath? BinfmtMiscDirectory { get; set; }

    /// <summary>
    /// Takes what <c>MultiArchTags</c> decided: its primary tag as <see cref="Tag"/>, its other tags in
    /// <see cref="ExtraListTags"/>, its labels in <see cref="Labels"/> and its annotations in <see cref="ListAnnotations"/>
    /// (replacing keys already there), and its repository as <see cref="Image"/> when that is empty.
    /// </summary>
    /// <param name="tags">The result of <c>MultiArchTags</c>.</param>
    /// <returns>These settings.</returns>
    public MultiArchBuildSettings UseTags(MultiArchTagSet tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        (Image, Tag) = tags.ApplyTo(Image, ExtraListTags, Labels);
        MultiArchTagSet.MergeInto(ListAnnotations, tags.Annotations);
        return this;
    }

    /// <summary>
    /// What is wrong with these settings on their own, before any daemon or registry is asked: the one place they are
    /// checked (the preflight adds what the machine says).
    /// </summary>
    internal IReadOnlyList<PreflightProblem> Problems()
    {
        var problems = new List<PreflightProblem>();
        if (string.IsNullOrWhiteSpace(Image))
        {
            problems.Add(new("Image", "Image is empty.", "Set Image to the repository to publish, such as \"127.0.0.1:5000/app\"."));
        }
        else if (ReferenceProblems.ImageName(Image) is { } imageProblem)
        {
            problems.Add(new("Image", $"Image '{Printable(Image)}' is not a valid repository name: {imageProblem}.",
                ReferenceProblems.ImageNameFix));
        }

        if (ReferenceProblems.Tag(Tag) is { } tagProblem)
        {
            problems.Add(new("Tag", $"Tag '{Printable(Tag)}' is not a valid tag: {tagProblem}.",
                "Use up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-', such as \"1.0\"."));
        }
        else
        {
            var longest = Architectures.Count == 0 ? "" : ArchTagPattern.Expand(TagPattern, "", Tag, Architectures.MaxBy(a => a.Name.Length)!);
            // The arch tag is the expansion's tag; an expansion that writes no tag is checked whole.
            var archTag = WrittenReference.Of(longest).Tag ?? longest;
            if (TagPattern.Contains("{arch}", StringComparison.Ordinal) && ReferenceProblems.Tag(archTag) is { } archTagProblem)
            {
                problems.Add(new("Tag", $"The arch tag '{Printable(archTag)}' made by TagPattern is not a valid tag: {archTagProblem}.", "Shorten Tag or change TagPattern."));
            }
        }

        if (Architectures.Count == 0)
        {
            problems.Add(new("Architectures", "No architecture is listed.", $"List at least one, such as {{ \"amd64\", \"arm32v7\" }}. Known: {string.Join(", ", CpuArchitecture.All)}."));
        }

        var duplicates = Architectures.GroupBy(a => a).Where(g => g.Count() > 1).Select(g => g.Key.Name).ToArray();
        if (duplicates.Length > 0)
        {
            problems.Add(new("Architectures", $"{string.Join(", ", duplicates)} is listed more than once (perhaps under two spellings, such as armhf and arm32v7).", "List each architecture once."));
        }

        if (!TagPattern.Contains("{arch}", StringComparison.Ordinal))
        {
            problems.Add(new("TagPattern", $"TagPattern '{TagPattern}' has no {{arch}}, so every architecture would get the same tag.", "Use \"{image}:{tag}-{arch}\"."));
        }

        if (RegistryCache is { } cache)
        {
            problems.AddRange(cache.Problems(Architectures).Select(p => new PreflightProblem("RegistryCache", p.Problem, p.Fix)));
            if (BuildMethod == BuildMethod.EngineBuildKit)
            {
                problems.Add(new("RegistryCache", "RegistryCache is set, and BuildMethod is EngineBuildKit, whose Engine API /build neither imports nor exports a registry cache.",
                    "Set BuildMethod = BuildMethod.Auto (or DockerCli), or leave RegistryCache null."));
            }
        }

        if (MaxParallelism is < 1)
        {
            problems.Add(new("MaxParallelism", $"MaxParallelism is {MaxParallelism}.", "Set it to 1 (serial) or more."));
        }

        return problems;
    }

    private static string Printable(string text) => text.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);
}
