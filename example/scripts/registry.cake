// The registry of the default run: when --registry is on this machine (127.0.0.1:5000) and nothing answers there,
// start one that outlives the script, so the published image can be pulled after the build.

/// <summary>Whether a registry answers the v2 API at host:port over plain HTTP (any HTTP status counts).</summary>
bool RegistryAnswers(string registry)
{
    using var http = new System.Net.Http.HttpClient { Timeout = TimeSpan.FromSeconds(2) };
    try
    {
        using var response = http.GetAsync($"http://{registry}/v2/").GetAwaiter().GetResult();
        return true;
    }
    catch (Exception ex) when (ex is System.Net.Http.HttpRequestException || ex is TaskCanceledException)
    {
        return false;
    }
}

/// <summary>Whether the registry is on this machine: 127.0.0.0/8 or localhost, with a port.</summary>
bool IsLocalRegistry(string registry) =>
    System.Text.RegularExpressions.Regex.IsMatch(registry ?? "", @"^(127\.\d+\.\d+\.\d+|localhost):\d+$");

/// <summary>
/// Makes sure a registry answers at a local address: uses one that already does, else starts the registry binary
/// (upstream's `registry` or Debian's `docker-registry`) detached, else runs the registry:2 container.
/// </summary>
void EnsureLocalRegistry(string registry, DirectoryPath stateDirectory)
{
    if (RegistryAnswers(registry))
    {
        Information("Using the registry that answers at {0}.", registry);
        return;
    }

    var host = registry.Split(':')[0];
    var port = registry.Split(':')[1];
    var binary = Context.Tools.Resolve("registry") ?? Context.Tools.Resolve("docker-registry");
    if (binary != null)
    {
        // One folder per port, so that registries on two ports never share storage.
        var state = MakeAbsolute(stateDirectory.Combine(port));
        var storage = state.Combine("storage");
        EnsureDirectoryExists(storage);
        var config = state.CombineWithFilePath("config.yml");
        var log = state.CombineWithFilePath("registry.log");
        var pidFile = state.CombineWithFilePath("registry.pid");
        System.IO.File.WriteAllText(config.FullPath, string.Join("\n",
            "# Written by build.cake: the registry of the default run, on this machine only.",
            "version: 0.1",
            "log:",
            "  level: warn",
            "  accesslog:",
            "    disabled: true",
            "storage:",
            "  filesystem:",
            $"    rootdirectory: {storage.FullPath}",
            "  delete:",
            "    enabled: true",
            "http:",
            $"  addr: {host}:{port}",
            ""));

        // setsid: a session of its own, so the registry outlives this script (and a CI step's process group);
        // its output goes to a file, not to this script's pipes, which would otherwise stay open.
        var start = new System.Diagnostics.ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var token in new[] { "-c", "setsid \"$0\" serve \"$1\" </dev/null >>\"$2\" 2>&1 & echo $!", binary.FullPath, config.FullPath, log.FullPath })
        {
            start.ArgumentList.Add(token);
        }

        using (var shell = System.Diagnostics.Process.Start(start))
        {
            var pid = shell.StandardOutput.ReadToEnd().Trim();
            shell.WaitForExit();
            System.IO.File.WriteAllText(pidFile.FullPath, pid + "\n");
            Information("Started {0} at {1} (pid {2}; data, config and log in {3}). It keeps running after this script; stop it with: kill $(cat {4})",
                binary.GetFilename(), registry, pid, state, pidFile);
        }

        WaitForRegistry(registry, () => System.IO.File.Exists(log.FullPath) ? System.IO.File.ReadAllText(log.FullPath) : "");
        return;
    }

    // No registry binary here: the registry image, if the daemon has it or can pull it.
    var restarted = StartProcess("docker", new ProcessSettings
    {
        Arguments = new ProcessArgumentBuilder().Append("start").Append("cake-multiarch-registry"),
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    });
    if (restarted == 0)
    {
        Information("Restarted the cake-multiarch-registry container for {0}.", registry);
        WaitForRegistry(registry, () => "");
        return;
    }

    Information("No registry or docker-registry on PATH: running the registry:2 container at {0}.", registry);
    var started = StartProcess("docker", new ProcessSettings
    {
        Arguments = new ProcessArgumentBuilder()
            .Append("run").Append("-d").Append("--restart").Append("unless-stopped")
            .Append("--name").Append("cake-multiarch-registry")
            .Append("-p").Append($"{host}:{port}:5000")
            .Append("registry:2"),
    });
    if (started != 0)
    {
        throw new Exception(
            $"No registry answers at {registry}, none is on PATH, and `docker run registry:2` failed. " +
            "Install one (Debian: apt-get install docker-registry), start one yourself, or pass --registry=HOST:PORT of one.");
    }

    WaitForRegistry(registry, () => "");
}

void WaitForRegistry(string registry, Func<string> log)
{
    var deadline = DateTime.UtcNow.AddSeconds(20);
    while (!RegistryAnswers(registry))
    {
        if (DateTime.UtcNow > deadline)
        {
            throw new Exception($"The registry started for {registry} did not answer within 20 s.{Environment.NewLine}{log()}");
        }

        System.Threading.Thread.Sleep(250);
    }
}
