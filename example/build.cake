// hello: a tiny HTTP service published for several CPU architectures under one tag, the classic multi-arch
// Makefile as Cake targets (Deps, Build, Push, Manifest, PublishArch, Merge, Clean; `dotnet cake --description`).
// README.md beside this file explains the targets, the arguments (--archs, --image, --tag, --registry, --base, ...),
// the stand-in bases and the CI recipes. Cake reads every line of a script and its #load files on each run (about
// 0.3 ms a line here), so the explanations live there.

// A local build of the add-in (dotnet pack ... -p:Version=0.1.0-local into artifacts/packages, a feed of the
// repository's nuget.config). A project of your own names a released version instead.
#addin nuget:?package=Cake.MultiArch&version=0.1.0-local&loaddependencies=true

#load "scripts/bases.cake"

var target = Argument("target", "Manifest");
var archs = CpuArchitecture.ParseList(Argument("archs", "amd64,arm32v6,arm32v7,arm64v8"));
var image = Argument("image", "cake-multiarch/hello");
var tag = Argument("tag", "1.0");
const string DefaultRegistry = "127.0.0.1:5000";
var registry = Argument("registry", DefaultRegistry);
// A registry is started on the default address, or on another loopback address only when asked: a mistyped port gets
// the preflight's "nothing answers" like any other unreachable registry, instead of a registry of its own.
var startRegistry = Argument("start-registry", registry == DefaultRegistry);
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
    using (MultiArchLogGroup("QEMU registration"))
    {
        RegisterQemu(new RegisterQemuSettings { Architectures = archs.ToList() });
    }

    var bases = ChooseBases(basePattern, HasArgument("base"), archs);
    foreach (var arch in archs)
    {
        using (MultiArchLogGroup($"Deps {arch.Name} ({arch.Platform})"))
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
    // BuildKit through the daemon's socket where it can (no buildx needed, no commit per Dockerfile step), else docker build.
    BuildMethod = BuildMethod.Auto,
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
    .Description("Logs in when REGISTRY_USER and REGISTRY_PASSWORD are set; starts the local registry at 127.0.0.1:5000 (or with --start-registry).")
    .Does(() =>
{
    if (startRegistry && IsLocalRegistry(registry))
    {
        // Uses the registry that answers there, else starts one that outlives the script (files in .registry/PORT).
        EnsureLocalRegistry(registry);
    }

    if (registryUser != "" && registryPassword != "")
    {
        // MultiArchLogin masks the password in its own output and registers it with the CI's log masking.
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
    // No group around it: MultiArchBuild opens one per arch on CI, and GitHub Actions does not nest groups.
    var settings = Pipeline(push: true, list: false);
    settings.PublicationDirectory = publications;
    MultiArchBuild(settings);
});

Task("Merge")
    .Description("The join job of a matrix: pushes the manifest list from every publications/*.json, by digest.")
    .IsDependentOn("Login")
    .Does(() =>
{
    ManifestList list;
    using (MultiArchLogGroup($"Manifest list {repository}:{tag}"))
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
    // The tags MultiArchBuild makes for these settings; the bases themselves are not among them.
    MultiArchClean(new MultiArchBuildSettings { Image = repository, Tag = tag, Architectures = archs.ToList(), QemuBaseTagPattern = QemuBase });
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

/// <summary>Whether the registry is on this machine: 127.0.0.0/8 or localhost, with a port.</summary>
bool IsLocalRegistry(string registry) =>
    System.Text.RegularExpressions.Regex.IsMatch(registry ?? "", @"^(127\.\d+\.\d+\.\d+|localhost):\d+$");
