using System.Net;
using System.Net.Sockets;
using Cake.MultiArch.Registry;
using Cake.MultiArch.Tests.Infrastructure;

namespace Cake.MultiArch.Tests.Registry;

/// <summary>
/// EnsureLocalRegistry against the real parts: a registry that already answers is used, none answering starts
/// Debian's docker-registry detached, and a registry that cannot start says why.
/// </summary>
[NonParallelizable]
public sealed class LocalRegistrySpecs : IntegrationTest
{
    private string _work = "";
    private readonly List<int> _started = [];

    [SetUp]
    public void MakeFolder() => _work = Directory.CreateTempSubdirectory("local-registry-").FullName;

    [TearDown]
    public void StopStartedAndRemoveFolder()
    {
        foreach (var pid in _started)
        {
            try
            {
                System.Diagnostics.Process.GetProcessById(pid).Kill();
            }
            catch (ArgumentException)
            {
                // already gone
            }
        }

        _started.Clear();
        Directory.Delete(_work, recursive: true);
    }

    [TestCase("127.0.0.1:5000")]
    [TestCase("localhost:5391")]
    [TestCase("127.0.0.2:80")]
    public void A_loopback_address_with_a_port_is_accepted(string address)
    {
        Assert.That(LocalRegistryStarter.ParseAddress(address).Port, Is.EqualTo(int.Parse(address.Split(':')[1])));
    }

    [TestCase("ghcr.io")]
    [TestCase("10.0.0.1:5000")]
    [TestCase("127.0.0.1")]
    [TestCase("127.0.0.1:70000")]
    [TestCase("")]
    [TestCase(null)]
    public void Any_other_address_is_refused_with_what_to_pass(string? address)
    {
        var error = Assert.Throws<MultiArchException>(() => LocalRegistryStarter.ParseAddress(address));

        Assert.That(error!.Message, Does.Contain("needs an address such as 127.0.0.1:5000").And.Contain("leave this alias out"));
    }

    [Test]
    public async Task A_registry_that_answers_is_used_and_nothing_is_started()
    {
        await using var registry = await TestRegistry.StartAsync();
        var context = new TestCakeContext(_work);

        var local = context.EnsureLocalRegistry(registry.Host);

        Assert.That((local.Origin, local.Started, local.ProcessId), Is.EqualTo((LocalRegistryOrigin.AlreadyAnswering, false, (int?)null)));
        Assert.That(context.Log.Lines, Has.Some.Contains($"Using the registry that answers at {registry.Host}."));
        Assert.That(Directory.Exists(Path.Combine(_work, ".registry")), Is.False);
    }

    [Test]
    public async Task Where_none_answers_the_binary_is_started_detached_with_its_files_per_port()
    {
        var address = $"127.0.0.1:{LoopbackPort.Free()}";
        var context = new TestCakeContext(_work);

        var local = context.EnsureLocalRegistry(address);
        _started.Add(local.ProcessId ?? 0);

        Assert.That(local.Origin, Is.EqualTo(LocalRegistryOrigin.StartedBinary));
        Assert.That(local.StateDirectory, Is.EqualTo(Path.Combine(_work, ".registry", address.Split(':')[1])));
        Assert.That(await File.ReadAllTextAsync(Path.Combine(local.StateDirectory!, "registry.pid")), Is.EqualTo($"{local.ProcessId}\n"));
        Assert.That(await File.ReadAllTextAsync(Path.Combine(local.StateDirectory!, "config.yml")), Does.Contain($"addr: {address}"));
        Assert.That(context.Log.Lines, Has.Some.Contains($"Started docker-registry at {address}").And.Some.Contains("kill $(cat "));
        using var http = new HttpClient();
        Assert.That((await http.GetAsync($"http://{address}/v2/")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        // And the next call finds it
        Assert.That(new TestCakeContext(_work).EnsureLocalRegistry(address).Origin, Is.EqualTo(LocalRegistryOrigin.AlreadyAnswering));
    }

    [Test]
    public void A_port_another_program_holds_ends_in_the_registry_log_and_the_fix()
    {
        // Given a port held by a program that is not a registry (it accepts and says nothing)
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var address = $"127.0.0.1:{((IPEndPoint)holder.LocalEndpoint).Port}";

        var error = Assert.Throws<MultiArchException>(() =>
            new TestCakeContext(_work).EnsureLocalRegistry(address, new LocalRegistrySettings { StartTimeout = TimeSpan.FromSeconds(10) }));

        Assert.That(error!.Message, Does.Contain($"The registry started for {address} exited").And.Contain("address already in use").And.Contain("ss -ltnp"));
    }

    [Test]
    public void Without_a_binary_the_container_is_tried_and_its_failure_says_what_to_install()
    {
        // Given no registry binary on PATH (docker itself named by path), a container name nothing uses, and no
        // Docker Hub to pull registry:2 from
        var docker = Environment.GetEnvironmentVariable("PATH")!.Split(':').Select(d => Path.Combine(d, "docker")).First(File.Exists);
        var context = new TestCakeContext(_work);
        context.Environment.Variables["PATH"] = Path.Combine(_work, "no-tools");
        var name = "cake-multiarch-test-registry-" + Guid.NewGuid().ToString("N")[..8];

        var error = Assert.Throws<MultiArchException>(() =>
            context.EnsureLocalRegistry($"127.0.0.1:{LoopbackPort.Free()}", new LocalRegistrySettings { ToolPath = docker, ContainerName = name }));

        Assert.That(error!.Message, Does.Contain("neither registry nor docker-registry is on PATH, and `docker run registry:2` failed")
            .And.Contain("registry-1.docker.io")
            .And.Contain("apt-get install docker-registry"));
        Assert.That(context.Log.Lines, Has.Some.Contains($"running the registry:2 container {name}"));
    }

    [Test]
    public async Task A_container_of_that_name_that_does_not_answer_there_is_named_with_how_to_make_it_again()
    {
        // Given no registry binary on PATH and a container of the configured name made earlier for another port (and
        // no registry at all: busybox sleeping)
        var docker = Environment.GetEnvironmentVariable("PATH")!.Split(':').Select(d => Path.Combine(d, "docker")).First(File.Exists);
        var name = "cake-multiarch-test-registry-" + Guid.NewGuid().ToString("N")[..8];
        await HostCommand.DockerAsync("create", "--name", name, "-p", $"127.0.0.1:{LoopbackPort.Free()}:5000", BusyboxBases.ImageFor("amd64"), "sleep", "60");
        try
        {
            var context = new TestCakeContext(_work);
            context.Environment.Variables["PATH"] = Path.Combine(_work, "no-tools");
            var address = $"127.0.0.1:{LoopbackPort.Free()}";

            var error = Assert.Throws<MultiArchException>(() => context.EnsureLocalRegistry(
                address, new LocalRegistrySettings { ToolPath = docker, ContainerName = name, StartTimeout = TimeSpan.FromSeconds(2) }));

            Assert.That(context.Log.Lines, Has.Some.Contains($"Restarted the {name} container for {address}."));
            Assert.That(error!.Message, Does.Contain($"The registry started for {address} did not answer within 2 s.")
                .And.Contain($"docker port {name}").And.Contain($"docker rm -f {name}").And.Contain("StartTimeout"));
        }
        finally
        {
            await HostCommand.RunAsync("docker", ["rm", "-f", name]);
        }
    }

    [Test]
    public void A_registry_binary_that_is_not_there_is_named()
    {
        var error = Assert.Throws<MultiArchException>(() =>
            new TestCakeContext(_work).EnsureLocalRegistry($"127.0.0.1:{LoopbackPort.Free()}", new LocalRegistrySettings { RegistryBinary = "/nowhere/registry" }));

        Assert.That(error!.Message, Does.Contain("RegistryBinary /nowhere/registry does not exist").And.Contain("/usr/bin/docker-registry"));
    }

}
