using Cake.MultiArch.Building;
using Cake.MultiArch.Publishing;
using Cake.MultiArch.Qemu;
using Cake.MultiArch.Tests.Infrastructure;

namespace Cake.MultiArch.Tests.Reliability;

/// <summary>
/// The bad inputs a script author can give, written down with what each gets: the problem the message must name and the
/// fix it must tell. Every row ends in a <see cref="MultiArchException"/> and leaves the registry unchanged.
/// </summary>
public static class BadInputTable
{
    private static readonly string TooLongTag = new('t', 129);
    private static readonly string NeverPushedDigest = "sha256:" + new string('0', 64);

    /// <summary>Every row, for <c>TestCaseSource</c>.</summary>
    public static IEnumerable<TestCaseData> Cases => Rows.Select(r => new TestCaseData(r).SetName("Bad input: " + r.Name));

    /// <summary>Every row.</summary>
    public static IReadOnlyList<BadInput> Rows { get; } =
    [
        // Architectures
        new("unknown architecture", "Architectures = { \"arm32v9\" }",
            s => s.ValidBuild("arm32v9"),
            ["Unknown architecture 'arm32v9'"], ["Known architectures: amd64, i386, arm32v5, arm32v6, arm32v7, arm64v8"]),
        new("misspelt architecture", "Architectures = { \"amd46\" }",
            s => s.ValidBuild("amd46"),
            ["Unknown architecture 'amd46'"], ["Known architectures", "linux/arm/v7"]),
        new("empty architecture name", "Architectures = { \"\" }",
            s => s.ValidBuild(""),
            ["Unknown architecture an empty name"], ["Known architectures"]),
        new("empty architecture list", "Architectures = new List<CpuArchitecture>()",
            s => Build(s, b => b.Architectures = new List<CpuArchitecture>()),
            ["No architecture is listed"], ["List at least one", "arm32v7"]),
        new("duplicate architecture under two spellings", "Architectures = { \"arm32v7\", \"armhf\" }",
            s => Build(s, b => b.Architectures = new List<CpuArchitecture> { "arm32v7", "armhf" }),
            ["arm32v7 is listed more than once"], ["List each architecture once"]),

        // Image names
        new("upper-case image name", "Image = \"127.0.0.1:PORT/Bad/App\"",
            s => Build(s, b => b.Image = $"{s.Registry.Host}/Bad/App"),
            ["is not a valid repository name", "'Bad' has upper-case letters"], ["Use lowercase letters"]),
        new("image name with a space", "Image = \"127.0.0.1:PORT/my app\"",
            s => Build(s, b => b.Image = $"{s.Registry.Host}/my app"),
            ["contains spaces or control characters"], ["Use lowercase letters"]),
        new("image name with '..'", "Image = \"127.0.0.1:PORT/../app\"",
            s => Build(s, b => b.Image = $"{s.Registry.Host}/../app"),
            ["'..' is not lowercase letters and digits"], ["Use lowercase letters"]),
        new("image name with a leading slash", "Image = \"/app\"",
            s => Build(s, b => b.Image = "/app"),
            ["it starts or ends with '/'"], ["Use lowercase letters"]),
        new("image name with '//'", "Image = \"127.0.0.1:PORT//app\"",
            s => Build(s, b => b.Image = $"{s.Registry.Host}//app"),
            ["empty path component"], ["Use lowercase letters"]),
        new("empty image name", "Image = \"\"",
            s => Build(s, b => b.Image = ""),
            ["Image is empty"], ["Set Image to the repository to publish"]),
        new("image name that carries a tag", "Image = \"app:1.0\"",
            s => Build(s, b => b.Image = "app:1.0"),
            ["it contains a tag (':')"], ["give the tag in Tag"]),
        new("image name that carries a digest", "Image = \"127.0.0.1:PORT/app@sha256:...\"",
            s => Build(s, b => b.Image = $"{s.Registry.Host}/app@{NeverPushedDigest}"),
            ["it contains a digest ('@')"], ["Use lowercase letters"]),
        new("registry host with an underscore", "Image = \"my_registry:5000/app\"",
            s => Build(s, b => b.Image = "my_registry:5000/app"),
            ["the registry 'my_registry:5000' is not a host name"], ["registry host[:port]"]),
        new("shell metacharacters in the image name", "Image = \"127.0.0.1:PORT/app$(id)\"",
            s => Build(s, b => b.Image = $"{s.Registry.Host}/app$(id)"),
            ["'app$(id)' is not lowercase letters"], ["Use lowercase letters"]),

        // Tags
        new("129-character tag", "Tag = new string('t', 129)",
            s => Build(s, b => b.Tag = TooLongTag),
            ["it is 129 characters long; the limit is 128"], ["Use up to 128 letters"]),
        new("empty tag", "Tag = \"\"",
            s => Build(s, b => b.Tag = ""),
            ["Tag '' is not a valid tag: it is empty"], ["Use up to 128 letters"]),
        new("tag starting with '-'", "Tag = \"-rc1\"",
            s => Build(s, b => b.Tag = "-rc1"),
            ["Tag '-rc1' is not a valid tag", "may not start with '.' or '-'"], ["such as \"1.0\""]),
        new("shell metacharacters in the tag", "Tag = \"1.0;rm -rf /\"",
            s => Build(s, b => b.Tag = "1.0;rm -rf /"),
            ["Tag '1.0;rm -rf /' is not a valid tag"], ["Use up to 128 letters"]),
        new("command substitution in the tag", "Tag = \"$(id)`id`\"",
            s => Build(s, b => b.Tag = "$(id)`id`"),
            ["Tag '$(id)`id`' is not a valid tag"], ["Use up to 128 letters"]),
        new("newline in the tag", "Tag = \"1.0\\nlatest\"",
            s => Build(s, b => b.Tag = "1.0\nlatest"),
            ["Tag '1.0\\nlatest' is not a valid tag"], ["Use up to 128 letters"]),
        new("tag that makes an arch tag over 128 characters", "Tag = new string('t', 124) with TagPattern {image}:{tag}-{arch}",
            s => Build(s, b => b.Tag = new string('t', 124)),
            ["The arch tag", "made by TagPattern is not a valid tag", "the limit is 128"], ["Shorten Tag or change TagPattern"]),
        new("TagPattern without {arch}", "TagPattern = \"{image}:{tag}\"",
            s => Build(s, b => b.TagPattern = "{image}:{tag}"),
            ["has no {arch}, so every architecture would get the same tag"], ["Use \"{image}:{tag}-{arch}\""]),
        new("MaxParallelism of zero", "MaxParallelism = 0",
            s => Build(s, b => b.MaxParallelism = 0),
            ["MaxParallelism is 0"], ["Set it to 1 (serial) or more"]),

        // Sources
        new("missing Dockerfile", "Dockerfile = \"./no-such.Dockerfile\"",
            s => Build(s, b => b.Dockerfile = "./no-such.Dockerfile"),
            ["no-such.Dockerfile does not exist"], ["Set Dockerfile to its path"]),
        new("context that is a file", "Context = \"./Dockerfile\"",
            s => Build(s, b => b.Context = "./Dockerfile"),
            ["The build context", "is a file"], ["Set Context to the directory"]),
        new("context that does not exist", "Context = \"./no-such-folder\"",
            s => Build(s, b => b.Context = "./no-such-folder"),
            ["no-such-folder does not exist"], ["Set Context to the directory"]),
        new("several problems reported at once", "Image = \"\", Architectures empty, Context missing",
            s => Build(s, b =>
            {
                b.Image = "";
                b.Architectures = new List<CpuArchitecture>();
                b.Context = "./no-such-folder";
            }),
            ["problems found before anything was built or pushed", "Image is empty", "No architecture is listed", "no-such-folder does not exist"],
            ["Set Image", "List at least one", "Set Context"]),

        // Names and sources given to single aliases, which docker itself refuses
        new("BuildArchImage with an upper-case image name", "BuildArchImage(\"amd64\", { Image = \"127.0.0.1:PORT/Bad/App\" })",
            s => s.Context.BuildArchImage("amd64", new BuildArchImageSettings { Image = $"{s.Registry.Host}/Bad/App", BaseImage = BusyboxBases.Repository + ":{arch}" }),
            ["is not a valid repository name", "'Bad' has upper-case letters"], ["Use lowercase letters"]),
        new("BuildArchImage with a context that is a file", "BuildArchImage(\"amd64\", { Context = \"./Dockerfile\" })",
            s => s.Context.BuildArchImage("amd64", new BuildArchImageSettings { Image = s.Image, Context = "./Dockerfile", BaseImage = BusyboxBases.Repository + ":{arch}" }),
            ["is a file; it must be a directory"], ["Set Context to the directory"]),
        new("PushArchImage of a tag with shell metacharacters", "PushArchImage(\"127.0.0.1:PORT/bad/app:1.0;x\", \"amd64\")",
            s => s.Context.PushArchImage($"{s.Image}:1.0;x", "amd64", new PushArchImageSettings { Retry = BadInputScene.QuickRetry }),
            ["`docker push` failed", "invalid reference format"], ["tags are up to 128 letters"]),
        new("PushManifest with a list tag that is not a valid reference", "PushManifest(\"127.0.0.1:PORT/bad/app:1.0;x\", [arm32v7])",
            s => s.Context.PushManifest($"{s.Image}:1.0;x", [new PushedImage(CpuArchitecture.Arm32V7, $"{s.Image}:1.0-arm32v7", NeverPushedDigest)],
                new PushManifestSettings { Retry = BadInputScene.QuickRetry }),
            ["PushManifest cannot publish the list", "has an invalid tag"], ["may contain only letters, digits"]),

        // Docker and its daemon
        new("docker executable missing", "ToolPath = \"/nonexistent/reliability/docker\"",
            s => Build(s, b => b.ToolPath = "/nonexistent/reliability/docker"),
            ["'/nonexistent/reliability/docker' given as ToolPath does not exist"], ["Correct ToolPath"]),
        new("docker executable missing for a single alias", "PushArchImage(..., new PushArchImageSettings { ToolPath = \"/nonexistent/...\" })",
            s => s.Context.PushArchImage($"{s.Image}:1.0-arm32v7", "arm32v7", new PushArchImageSettings { ToolPath = "/nonexistent/reliability/docker" }),
            ["given as ToolPath does not exist"], ["Correct ToolPath, or leave it unset"]),
        new("daemon not running", "DockerHost = \"unix:///tmp/RANDOM/docker.sock\"",
            s => Build(s, b => b.DockerHost = $"unix:///tmp/reliability-{Guid.NewGuid():N}/docker.sock"),
            ["The Docker daemon", "does not answer", "Cannot connect to the Docker daemon"], ["sudo systemctl start docker", "sudo dockerd &"]),
        new("docker context that does not exist", "DockerContext = \"reliability-no-such-context\"",
            s => Build(s, b => b.DockerContext = "reliability-no-such-context"),
            ["does not answer", "reliability-no-such-context"], ["correct DockerHost/DockerContext"]),

        // QEMU
        new("no arm handler in binfmt_misc", "BinfmtMiscDirectory = a binfmt_misc with qemu-aarch64 only",
            s => Build(s, b => b.BinfmtMiscDirectory = s.Own(FakeBinfmtMisc.WithArmHandler("missing")).Directory),
            ["arm32v7 (linux/arm/v7) has no runner on this host", "no binfmt_misc handler qemu-arm is registered"], ["Run RegisterQemu first", "qemu-user-static", "run the arm32v7 job on a runner of that architecture"]),
        new("binfmt_misc not mounted", "BinfmtMiscDirectory = an empty folder",
            s => Build(s, b => b.BinfmtMiscDirectory = s.Own(FakeBinfmtMisc.NotMounted()).Directory),
            ["arm32v7 (linux/arm/v7) has no runner on this host", "binfmt_misc is not mounted at"], ["Run RegisterQemu first"]),
        new("QEMU binary missing for BuildQemuBase", "BuildQemuBase(\"arm32v7\", { ForceQemuCopy = true, QemuDirectory = an empty folder })",
            s => s.Context.BuildQemuBase("arm32v7", new BuildQemuBaseSettings
            {
                BaseImage = BusyboxBases.Repository + ":{arch}",
                TagPattern = "local/reliability-bad-qemu-{arch}",
                ForceQemuCopy = true,
                QemuDirectory = s.Scratch,
            }),
            ["qemu-arm-static is needed in the arm32v7 base but was not found"], ["apt-get install qemu-user-static", "set QemuDirectory"]),
        new("base image of the wrong platform", "BuildQemuBase(\"arm32v7\", { BaseImage = \"cake-multiarch-test/busybox:amd64\" })",
            s => s.Context.BuildQemuBase("arm32v7", new BuildQemuBaseSettings
            {
                BaseImage = BusyboxBases.ImageFor("amd64"),
                TagPattern = "local/reliability-bad-qemu-{arch}",
            }),
            ["is linux/amd64, not linux/arm/v7"], ["--platform linux/arm/v7"]),

        // Bases
        new("base image that does not exist", "BaseImage = \"127.0.0.1:PORT/no/such-base:{arch}\"",
            s => Build(s, b => b.BaseImage = $"{s.Registry.Host}/no/such-base:{{arch}}"),
            ["failed for arm32v7; no manifest list was pushed", "is not a local image, and pulling it failed"], ["Build or load the base locally first", "correct BaseImage", "The image to pull is not in that registry"]),
        new("base image missing with PullMissingBase off", "BaseImage = \"reliability/never-built:{arch}\", PullMissingBase = false",
            s => Build(s, b =>
            {
                b.BaseImage = "reliability/never-built:{arch}";
                b.PullMissingBase = false;
            }),
            ["reliability/never-built:arm32v7 is not a local image and PullMissingBase is off"], ["Build or pull it first"]),
        new("docker command that outlives ToolTimeout", "BuildArchImage(\"arm32v7\", { NoCache = true, ToolTimeout = 200 ms, BuildMethod = DockerCli })",
            s => SlowBuild(s, BuildMethod.DockerCli),
            ["`docker build` did not finish within 00:00:00.2"], ["Raise ToolTimeout"]),
        new("build by the default method that outlives ToolTimeout", "BuildArchImage(\"arm32v7\", { NoCache = true, ToolTimeout = 200 ms })",
            s => SlowBuild(s, new BuildArchImageSettings().BuildMethod),
            ["did not finish within 00:00:00.2"], ["Raise ToolTimeout"]),

        // Registries
        new("registry host that does not resolve", "Image = \"no-such-registry.invalid/bad/app\"",
            s => Build(s, b => b.Image = "no-such-registry.invalid/" + s.Repository),
            ["[Registry] The registry no-such-registry.invalid does not answer GET /v2/", "does not resolve"], ["correct the registry host and port in Image"]),
        new("registry on the wrong port", "Image = \"127.0.0.1:CLOSED/bad/app\"",
            s => Build(s, b => b.Image = $"{BadInputScene.ClosedAddress()}/{s.Repository}"),
            ["[Registry]", "connection refused"], ["Start the registry", "correct the registry host and port"]),
        new("pushing an arch tag that was never built", "PushArchImage(\"127.0.0.1:PORT/bad/app:1.0-arm32v7\", \"arm32v7\")",
            s => s.Context.PushArchImage($"{s.Image}:1.0-arm32v7", "arm32v7", new PushArchImageSettings { Retry = BadInputScene.QuickRetry }),
            ["An image does not exist locally with the tag"], ["BuildArchImage"]),
        new("manifest referencing an arch image that was never pushed", "PushManifest(tag, [arm32v7 @ sha256:000...])",
            s => s.Context.PushManifest($"{s.Image}:{BadInputScene.Tag}", [new PushedImage(CpuArchitecture.Arm32V7, $"{s.Image}:1.0-arm32v7", NeverPushedDigest)],
                new PushManifestSettings { Retry = BadInputScene.QuickRetry }),
            [NeverPushedDigest, "is not in the registry", "nothing was published"], ["Push every per-arch image (PushArchImage) before the manifest list"]),
        new("manifest list with no images", "PushManifest(tag, [])",
            s => s.Context.PushManifest($"{s.Image}:{BadInputScene.Tag}", []),
            ["was given no per-arch images"], ["Push each arch's image first"]),
        new("manifest list with one platform twice", "PushManifest(tag, [arm32v7, armhf])",
            s => s.Context.PushManifest($"{s.Image}:{BadInputScene.Tag}",
            [
                new PushedImage(CpuArchitecture.Arm32V7, $"{s.Image}:1.0-arm32v7", NeverPushedDigest),
                new PushedImage("armhf", $"{s.Image}:1.0-armhf", NeverPushedDigest),
            ]),
            ["more than one image for linux/arm/v7"], ["Remove the duplicates"]),
        new("merge of a folder with no publications", "MergeArchPublications(\"./empty\", ...)",
            s => s.Context.MergeArchPublications(s.Scratch, new MergePublicationsSettings { ExpectedArchitectures = { "arm32v7" } }),
            ["No publication files (*.json) are in"], ["PublicationDirectory set"]),
        new("merge of a folder that does not exist", "MergeArchPublications(\"./no-such-folder\", ...)",
            s => s.Context.MergeArchPublications(Path.Combine(s.Scratch, "no-such-folder"), new MergePublicationsSettings { ExpectedArchitectures = { "arm32v7" } }),
            ["no-such-folder does not exist"], ["Download the per-arch jobs' artifacts into it"]),

        // Credentials
        new("wrong password", "MultiArchLogin({ Server = TLS registry, Username = right, Password = wrong })",
            s => s.Context.MultiArchLogin(new MultiArchLoginSettings
            {
                Server = s.SecureRegistry.Host,
                Username = s.SecureRegistry.Credentials!.Value.User,
                Password = "Wrong-" + Guid.NewGuid().ToString("N"),
                ConfigDirectory = s.Scratch,
            }),
            ["`docker login` failed", "401 Unauthorized"], ["check the user name and password"]),
        new("empty password", "MultiArchLogin({ Password = \"\" })",
            s => s.Context.MultiArchLogin(new MultiArchLoginSettings { Server = s.SecureRegistry.Host, Username = "ci", Password = "", ConfigDirectory = s.Scratch }),
            ["was given an empty Password"], ["Set it from a secret variable of the CI"]),
        new("missing user name", "MultiArchLogin({ Username = \"\" })",
            s => s.Context.MultiArchLogin(new MultiArchLoginSettings { Server = s.SecureRegistry.Host, Username = "", Password = "Unused-" + Guid.NewGuid().ToString("N"), ConfigDirectory = s.Scratch }),
            ["needs a Username"], ["Set it, for example from an environment variable"]),
        new("Docker config file that is not JSON", "MultiArchLogin({ ConfigDirectory = a folder whose config.json is \"{not json\" })",
            s =>
            {
                File.WriteAllText(Path.Combine(s.Scratch, "config.json"), "{not json");
                s.Context.MultiArchLogin(new MultiArchLoginSettings
                {
                    Server = s.SecureRegistry.Host,
                    Username = s.SecureRegistry.Credentials!.Value.User,
                    Password = s.SecureRegistry.Credentials!.Value.Password,
                    ConfigDirectory = s.Scratch,
                });
            },
            ["config.json' is not valid JSON"], ["Fix it, or move it away"]),
    ];

    /// <summary>A build of arm32v7 without the cache that cannot finish within its 200 ms ToolTimeout.</summary>
    private static void SlowBuild(BadInputScene scene, BuildMethod method) =>
        scene.Context.BuildArchImage("arm32v7", new BuildArchImageSettings
        {
            Image = scene.Image,
            Tag = BadInputScene.Tag,
            BaseImage = BusyboxBases.Repository + ":{arch}",
            NoCache = true,
            ToolTimeout = TimeSpan.FromMilliseconds(200),
            BuildMethod = method,
        });

    private static void Build(BadInputScene scene, Action<MultiArchBuildSettings> spoil)
    {
        var settings = scene.ValidBuild();
        settings.Context = scene.App;
        spoil(settings);
        scene.Context.MultiArchBuild(settings);
    }
}
