// hello: a tiny HTTP service published for several CPU architectures under one tag, the classic
// multi-arch Makefile as Cake targets:
//
//   Deps      register QEMU for the foreign archs; make each arch's QEMU-enabled base
//   Build     docker build --platform, once per arch          -> REGISTRY/IMAGE:TAG-ARCH
//   Push      push each arch's image (logging in first when REGISTRY_USER and REGISTRY_PASSWORD are set)
//   Manifest  the manifest list REGISTRY/IMAGE:TAG joining them (the default target: the whole job)
//   Clean     remove the local arch tags and QEMU-enabled bases
//
// Split across CI jobs (one per arch, then a join; see .github/workflows/multiarch-matrix.yml):
//   PublishArch  base, build and push of the --archs given, each recording publications/ARCH.json
//   Merge        the manifest list from every publications/*.json, by digest (all of --archs must be there)
//
//   dotnet cake                                   everything, into a registry at 127.0.0.1:5000 (started if none answers)
//   dotnet cake --archs=amd64,arm64v8 --tag=1.1   fewer archs, another tag
//   dotnet cake --registry=ghcr.io --image=me/hello --base='{arch}/alpine:3.20'
//   dotnet cake --description                     the targets
//
// Arguments (each --name=value; defaults below):
//   --archs          the architectures: Docker Library names, or platforms such as linux/arm/v7
//   --image          the repository, without the registry
//   --tag            the release tag; each arch's image is TAG-ARCH, the list is TAG
//   --registry       where to push; empty for Docker Hub
//   --base           each arch's base; {arch} is replaced. Where no public registry answers and --base is not given,
//                    stand-ins built from Debian's static busybox (cake-multiarch/busybox-standin:{arch}) replace it
//   --publications   where PublishArch writes, and Merge reads, the per-arch publication files
//   --registry-user  the registry login (default: $REGISTRY_USER); the password comes only from $REGISTRY_PASSWORD
//
// The same pipeline in one call, with a result per arch and a summary table:
//   var result = MultiArchBuild(new MultiArchBuildSettings
//   {
//       Image = $"{registry}/{image}", Tag = tag, Architectures = archs.ToList(), Context = "app", BaseImage = bases,
//       BuildArguments = { ["VERSION"] = tag },
//   });
//   Information(result.ToTable());
// This script uses the individual aliases instead, so that each step is a target of its own.

// A local build of the add-in (dotnet pack ... -p:Version=0.1.0-local into artifacts/packages, a feed of the
// repository's nuget.config). A project of your own names a released version instead.
#addin nuget:?package=Cake.MultiArch&version=0.1.0-local&loaddependencies=true

#load "scripts/ci.cake"
#load "scripts/registry.cake"
#load "scripts/bases.cake"
#load "scripts/summary.cake"

var target = Argument("target", "Manifest");
var archs = CpuArchitecture.ParseList(Argument("archs", "amd64,arm32v6,arm32v7,arm64v8"));
var image = Argument("image", "cake-multiarch/hello");
var tag = Argument("tag", "1.0");
var registry = Argument("registry", "127.0.0.1:5000");
var basePattern = Argument("base", "{arch}/alpine:3.20");
var publications = Argument("publications", "publications");
var registryUser = Argument("registry-user", EnvironmentVariable("REGISTRY_USER") ?? "");
// Never an argument: arguments show in process lists and CI logs.
var registryPassword = EnvironmentVariable("REGISTRY_PASSWORD") ?? "";

var repository = string.IsNullOrEmpty(registry) ? image : $"{registry}/{image}";
// This project's own QEMU-enabled bases, so that Clean removes nothing another project made.
const string QemuBase = "local/hello-qemu-{arch}";

var clock = System.Diagnostics.Stopwatch.StartNew();
var built = new List<ArchImage>();
var pushed = new List<PushedImage>();
var pushTimes = new Dictionary<CpuArchitecture, TimeSpan>();

Task("Deps")
    .Description("Registers QEMU for the foreign archs and makes each arch's QEMU-enabled base (local/hello-qemu-ARCH).")
    .Does(() =>
{
    using (CiGroup("QEMU registration"))
    {
        RegisterQemu(new RegisterQemuSettings { Architectures = archs.ToList() });
    }

    var bases = ChooseBases(basePattern, HasArgument("base"), archs);
    foreach (var arch in archs)
    {
        using (CiGroup($"Deps {arch.Name} ({arch.Platform})"))
        {
            BuildQemuBase(arch, new BuildQemuBaseSettings { BaseImage = bases, TagPattern = QemuBase });
        }
    }
});

Task("Build")
    .Description("Builds app/ for each arch with docker build --platform, tagged REGISTRY/IMAGE:TAG-ARCH.")
    .IsDependentOn("Deps")
    .Does(() =>
{
    foreach (var arch in archs)
    {
        using (CiGroup($"Build {arch.Name} ({arch.Platform})"))
        {
            var archImage = BuildArchImage(arch, new BuildArchImageSettings
            {
                Image = repository,
                Tag = tag,
                Context = "app",
                BaseImage = QemuBase,
                BuildArguments = { ["VERSION"] = tag },
                Labels = { ["org.opencontainers.image.version"] = tag },
            });
            built.Add(archImage);
            Information("{0}: {1} in {2:0.0}s", archImage.Tag, archImage.ImageId, archImage.Duration.TotalSeconds);
        }
    }
});

Task("Push")
    .Description("Pushes each arch's image, logging in first when REGISTRY_USER and REGISTRY_PASSWORD are set.")
    .IsDependentOn("Build")
    .IsDependentOn("Login")
    .Does(() =>
{
    foreach (var archImage in built)
    {
        using (CiGroup($"Push {archImage.Architecture.Name} ({archImage.Architecture.Platform})"))
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            pushed.Add(PushArchImage(archImage));
            pushTimes[archImage.Architecture] = watch.Elapsed;
        }
    }
});

Task("Manifest")
    .Description("Pushes the manifest list REGISTRY/IMAGE:TAG of every arch's image, then says how to run it. The default target.")
    .IsDependentOn("Push")
    .Does(() =>
{
    ManifestList list;
    using (CiGroup($"Manifest list {repository}:{tag}"))
    {
        list = PushManifest($"{repository}:{tag}", pushed);
    }

    PrintSummary(
        built.Select(b => new ArchSummary
        {
            Architecture = b.Architecture,
            Tag = b.Tag,
            Digest = pushed.First(p => p.Architecture == b.Architecture).Digest,
            Time = b.Duration + pushTimes[b.Architecture],
        }).ToList(),
        list,
        clock.Elapsed);
    PrintWhereToFind(list, archs);
});

Task("Login")
    .Description("Logs in when REGISTRY_USER and REGISTRY_PASSWORD are set; starts the local registry when the registry is 127.0.0.1.")
    .Does(() =>
{
    if (IsLocalRegistry(registry))
    {
        EnsureLocalRegistry(registry, ".registry");
    }

    if (registryUser != "" && registryPassword != "")
    {
        MaskSecret("REGISTRY_PASSWORD", registryPassword);
        MultiArchLogin(new MultiArchLoginSettings
        {
            Server = string.IsNullOrEmpty(registry) ? null : registry,
            Username = registryUser,
            Password = registryPassword,
        });
    }
    else if (registryUser != "" || registryPassword != "")
    {
        Warning("Only one of REGISTRY_USER and REGISTRY_PASSWORD is set; pushing with docker's stored login, if any.");
    }
});

Task("PublishArch")
    .Description("One CI job of a matrix: base, build and push of the --archs given, recording publications/ARCH.json for Merge.")
    .IsDependentOn("Login")
    .Does(() =>
{
    var bases = ChooseBases(basePattern, HasArgument("base"), archs);
    using (CiGroup($"Publish {string.Join(", ", archs.Select(a => a.Name))}"))
    {
        var result = MultiArchBuild(new MultiArchBuildSettings
        {
            Image = repository,
            Tag = tag,
            Architectures = archs.ToList(),
            Context = "app",
            BaseImage = bases,
            QemuBaseTagPattern = QemuBase,
            RegisterQemu = true,
            BuildArguments = { ["VERSION"] = tag },
            Labels = { ["org.opencontainers.image.version"] = tag },
            PushManifestList = false,
            PublicationDirectory = publications,
        });
        Information(result.ToTable());
    }
});

Task("Merge")
    .Description("The join job of a matrix: pushes the manifest list from every publications/*.json, by digest.")
    .IsDependentOn("Login")
    .Does(() =>
{
    ManifestList list;
    using (CiGroup($"Manifest list {repository}:{tag}"))
    {
        list = MergeArchPublications(publications, new MergePublicationsSettings
        {
            ExpectedArchitectures = archs.ToList(),
            ListTag = $"{repository}:{tag}",
        });
    }

    PrintWhereToFind(list, archs);
});

Task("Clean")
    .Description("Removes the local arch tags, the local copy of the list's tag and the QEMU-enabled bases (the registry stays).")
    .Does(() =>
{
    foreach (var arch in archs)
    {
        RemoveLocalImage($"{repository}:{tag}-{arch.Name}");
        RemoveLocalImage(QemuBase.Replace("{arch}", arch.Name));
    }

    RemoveLocalImage($"{repository}:{tag}");
});

RunTarget(target);
