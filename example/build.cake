// hello: a tiny HTTP service published for several CPU architectures under one tag, the classic
// multi-arch Makefile as Cake targets:
//
//   Deps      register QEMU for the foreign archs; make each arch's QEMU-enabled base (RegisterQemu, BuildQemuBase)
//   Build     docker build --platform, per arch, in parallel  -> REGISTRY/IMAGE:TAG-ARCH
//   Push      build and push each arch's image (logging in first when REGISTRY_USER and REGISTRY_PASSWORD are set)
//   Manifest  all that, then the manifest list REGISTRY/IMAGE:TAG joining them (the default target: the whole job)
//   Clean     remove the local arch tags and QEMU-enabled bases
// Build, Push and Manifest are each one MultiArchBuild call that goes as far as its step; a re-run does only what
// changed.
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
// Deps shows the classic recipe's first steps alias by alias; the rest of the README's alias reference shows
// BuildArchImage, PushArchImage and PushManifest used one by one.

// A local build of the add-in (dotnet pack ... -p:Version=0.1.0-local into artifacts/packages, a feed of the
// repository's nuget.config). A project of your own names a released version instead.
#addin nuget:?package=Cake.MultiArch&version=0.1.0-local&loaddependencies=true

#load "scripts/ci.cake"
#load "scripts/registry.cake"
#load "scripts/bases.cake"

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

// Build, Push and Manifest each do the job up to their step in one MultiArchBuild call, as `make push` builds what
// it needs first: the archs run in parallel, and a re-run skips what is already done (an image built from the same
// inputs, a tag the registry holds at the same digest, an unchanged list).
MultiArchBuildSettings Pipeline(bool push, bool list) => new MultiArchBuildSettings
{
    Image = repository,
    Tag = tag,
    Architectures = archs.ToList(),
    Context = "app",
    BaseImage = ChooseBases(basePattern, HasArgument("base"), archs),
    QemuBaseTagPattern = QemuBase,
    RegisterQemu = true,
    BuildArguments = { ["VERSION"] = tag },
    Labels = { ["org.opencontainers.image.version"] = tag },
    Push = push,
    PushManifestList = list,
};

Task("Build")
    .Description("Builds app/ for each arch with docker build --platform (in parallel), tagged REGISTRY/IMAGE:TAG-ARCH.")
    .Does(() =>
{
    MultiArchBuild(Pipeline(push: false, list: false));
});

Task("Push")
    .Description("Builds and pushes each arch's image, logging in first when REGISTRY_USER and REGISTRY_PASSWORD are set.")
    .IsDependentOn("Login")
    .Does(() =>
{
    MultiArchBuild(Pipeline(push: true, list: false));
});

Task("Manifest")
    .Description("The whole job: builds and pushes every arch, pushes the list REGISTRY/IMAGE:TAG, says how to run it. The default target.")
    .IsDependentOn("Login")
    .Does(() =>
{
    // MultiArchBuild ends with the summary table: arch, platform, status, tag, digest, time.
    var result = MultiArchBuild(Pipeline(push: true, list: true));
    PrintWhereToFind(result.ManifestList, archs);
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
        MultiArchBuild(new MultiArchBuildSettings
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

/// <summary>Says where the image is and how to pull and run it, on the first foreign platform it has.</summary>
void PrintWhereToFind(ManifestList list, IReadOnlyList<CpuArchitecture> archs)
{
    var shown = archs.FirstOrDefault(a => a == CpuArchitecture.Arm32V7) ?? archs.FirstOrDefault(a => a != CpuArchitecture.Amd64) ?? archs[0];
    Information("");
    Information("Published {0} ({1}) for {2}.", list.Tag, list.Digest, string.Join(", ", archs.Select(a => a.Platform)));
    Information("Run it; Docker picks the entry for the platform (--pull=always fetches it again after a re-publish):");
    Information("  docker run --rm --pull=always --platform {0} {1}", shown.Platform, list.Tag);
    Information("  docker run --rm --pull=always --platform {0} {1} hello     (prints the page's text and exits)", shown.Platform, list.Tag);
    Information("  (the first serves on port 8080; add -p 8080:8080 and open http://127.0.0.1:8080/)");
    Information("Inspect the list:");
    Information("  docker manifest inspect{0} {1}", IsLocalRegistry(list.Tag.Split('/')[0]) ? " --insecure" : "", list.Tag);
}
