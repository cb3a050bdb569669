// The example's job (example/build.cake --target=Manifest) in one MultiArchBuild call, for bench/run to time:
// the same stand-in bases, QEMU-enabled bases, Dockerfile, build arguments, labels, tags and registry.
//
//   dotnet cake multiarchbuild.cake --registry=127.0.0.1:5391 --tag=1.0 [--archs=...] [--parallelism=N] [--dockerfile=PATH]
//                                      [--build-method=Auto|DockerCli|EngineBuildKit] [--base=REGISTRY/NAME:TAG]
//                                      [--app-version=V] [--cache=REGISTRY/NAME [--cache-read-only]]
//
// --parallelism sets MaxParallelism; without it the add-in's default applies. --dockerfile builds another Dockerfile
// over the same context (example/app): bench/run's heavy workload passes heavy/Dockerfile. --build-method sets
// BuildMethod (default: the add-in's, Auto). --base builds every arch FROM one multi-platform base, with no
// QEMU-enabled bases, as bench/run's buildx tool does (multiarchbuild@multi); without it, the per-arch stand-ins.
// --app-version sets the VERSION build argument (default: the tag), which bench/run's fresh scenario keeps the same
// across runs of new tags. --cache sets RegistryCache's repository (multiarchbuild#cache), --cache-read-only its
// ReadOnly (multiarchbuild#cachero).

#addin nuget:?package=Cake.MultiArch&version=0.1.0-local&loaddependencies=true

var archs = CpuArchitecture.ParseList(Argument("archs", "amd64,arm32v6,arm32v7,arm64v8"));
var image = Argument("image", "cake-multiarch/hello");
var tag = Argument("tag", "1.0");
var registry = Argument("registry", "127.0.0.1:5391");
var parallelism = Argument("parallelism", 0);
var dockerfile = Argument("dockerfile", "");
var buildMethod = Argument("build-method", "");
var oneBase = Argument("base", "");
var version = Argument("app-version", tag);
var cache = Argument("cache", "");
var cacheReadOnly = HasArgument("cache-read-only");

// As example/scripts/bases.cake does where no public registry answers: Debian's static busybox per arch,
// built FROM scratch with docker build --platform (cached after the first run); the QEMU-enabled bases made from
// them, the builds, pushes and the list are MultiArchBuild's.
const string StandInBase = "cake-multiarch/busybox-standin:{arch}";
const string BusyboxCache = "/var/cache/cake-multiarch/busybox";
var example = MakeAbsolute(Directory("../example"));
var debian = new Dictionary<string, string> { ["amd64"] = "amd64", ["arm32v6"] = "armel", ["arm32v7"] = "armhf", ["arm64v8"] = "arm64" };
// In parallel, as MultiArchBuild runs the per-arch steps: each is a docker build of its own.
System.Threading.Tasks.Parallel.ForEach(archs, arch =>
    BuildArchImage(arch, new BuildArchImageSettings
    {
        Image = "cake-multiarch/busybox-standin",
        TagPattern = "{image}:{arch}",
        Context = $"{BusyboxCache}/{debian[arch.Name]}",
        Dockerfile = example.CombineWithFilePath("standin/Dockerfile"),
        BaseImage = "",
    }));

var settings = new MultiArchBuildSettings
{
    Image = $"{registry}/{image}",
    Tag = tag,
    Architectures = archs.ToList(),
    Context = example.Combine("app"),
    BaseImage = StandInBase,
    QemuBaseTagPattern = "local/hello-qemu-{arch}",
    RegisterQemu = true,
    BuildArguments = { ["VERSION"] = version },
    Labels = { ["org.opencontainers.image.version"] = tag },
};
if (buildMethod != "")
{
    settings.BuildMethod = Enum.Parse<BuildMethod>(buildMethod, ignoreCase: true);
}
if (oneBase != "")
{
    settings.BaseImage = oneBase;
    settings.UseQemuBases = false;
}
if (cache != "")
{
    settings.RegistryCache = new RegistryCache { Repository = cache, ReadOnly = cacheReadOnly };
}
if (dockerfile != "")
{
    settings.Dockerfile = MakeAbsolute(File(dockerfile));
}
if (parallelism > 0)
{
    settings.MaxParallelism = parallelism;
}

MultiArchBuild(settings);
