// Per-arch bases. The real ones ({arch}/alpine:3.20) where a public registry answers; where none does (an offline
// machine, a locked-down CI), stand-ins built from Debian's static busybox, never pulled.

/// <summary>The stand-in bases' repository.</summary>
const string StandInRepository = "cake-multiarch/busybox-standin";

/// <summary>The stand-in bases' tag pattern; pass it as --base to use them even where Docker Hub answers.</summary>
const string StandInBase = StandInRepository + ":{arch}";

/// <summary>Where `.ci/prepare-host` caches Debian's busybox-static binary per Debian architecture.</summary>
const string BusyboxCache = "/var/cache/cake-multiarch/busybox";

/// <summary>Whether Docker Hub's registry answers at all: any HTTP status (401 is usual) means it is reachable.</summary>
bool PublicRegistryAnswers()
{
    using var http = new System.Net.Http.HttpClient { Timeout = TimeSpan.FromSeconds(5) };
    try
    {
        using var response = http.GetAsync("https://registry-1.docker.io/v2/").GetAwaiter().GetResult();
        Verbose("registry-1.docker.io answered {0}.", (int)response.StatusCode);
        return true;
    }
    catch (Exception ex) when (ex is System.Net.Http.HttpRequestException || ex is TaskCanceledException)
    {
        Verbose("registry-1.docker.io did not answer: {0}", ex.Message);
        return false;
    }
}

/// <summary>Whether the daemon holds an image under this name.</summary>
bool LocalImageExists(string image) =>
    StartProcess("docker", new ProcessSettings
    {
        Arguments = new ProcessArgumentBuilder().Append("image").Append("inspect").Append(image),
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    }) == 0;

/// <summary>
/// The base pattern to build from. One given with --base is used as it is (building the stand-ins when it names them).
/// The default is used when its images are local or a public registry answers; otherwise the stand-ins replace it.
/// </summary>
string ChooseBases(string requested, bool givenByUser, IReadOnlyList<CpuArchitecture> archs)
{
    var standIns = requested == StandInBase;
    if (!givenByUser && !standIns)
    {
        // All() stops at the first base that is missing: one docker call on an offline machine, not one per arch.
        if (archs.All(a => LocalImageExists(requested.Replace("{arch}", a.Name))))
        {
            Information("Bases: {0}, already local.", requested);
        }
        else if (PublicRegistryAnswers())
        {
            Information("Bases: {0}, pulled per platform where missing.", requested);
        }
        else
        {
            Warning("No public registry answers here (https://registry-1.docker.io/v2/ is unreachable), so {0} cannot be pulled.", requested);
            Warning("Building stand-in bases from Debian's static busybox instead: {0}. Pass --base to choose other bases.", StandInBase);
            standIns = true;
        }
    }

    if (standIns)
    {
        BuildStandInBases(archs);
        return StandInBase;
    }

    return requested;
}

/// <summary>Builds cake-multiarch/busybox-standin:{arch} for each arch from the cached busybox of that arch.</summary>
void BuildStandInBases(IReadOnlyList<CpuArchitecture> archs)
{
    foreach (var arch in archs)
    {
        var folder = new DirectoryPath(BusyboxCache).Combine(DebianArchitecture(arch));
        if (!FileExists(folder.CombineWithFilePath("busybox")))
        {
            throw new Exception(
                $"The {arch.Name} stand-in base needs Debian's static busybox at {folder}/busybox, which is missing. " +
                "Run `.ci/prepare-host` as root (it downloads busybox-static for amd64, arm64, armhf and armel), or pass --base.");
        }
    }

    using (MultiArchLogGroup($"Stand-in bases ({string.Join(", ", archs.Select(a => a.Name))})"))
    {
        // The add-in's own per-arch build, one per arch at the same time: docker build --platform, from the stand-in
        // Dockerfile, no BASE argument. A base built before from the same busybox is not built again.
        System.Threading.Tasks.Parallel.ForEach(archs, arch =>
        {
            var folder = new DirectoryPath(BusyboxCache).Combine(DebianArchitecture(arch));
            var image = BuildArchImage(arch, new BuildArchImageSettings
            {
                Image = StandInRepository,
                TagPattern = "{image}:{arch}",
                Context = folder,
                Dockerfile = MakeAbsolute(File("standin/Dockerfile")),
                BaseImage = "",
            });
            Information("{0} ({1}) from {2}/busybox", image.Tag, arch.Platform, folder);
        });
    }
}

/// <summary>Debian's name for the architecture whose busybox-static runs the image.</summary>
static string DebianArchitecture(CpuArchitecture arch) => arch.Name switch
{
    "amd64" => "amd64",
    "arm64v8" => "arm64",
    "arm32v7" => "armhf",
    "arm32v6" or "arm32v5" => "armel", // armel is ARMv5TE soft-float, which ARMv6 runs
    "i386" => "i386",
    "ppc64le" => "ppc64el",
    "mips64le" => "mips64el",
    _ => arch.Name,
};
