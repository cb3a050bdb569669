// Does the Engine API earn its place beside the docker CLI? Asks a daemon the two read-only questions the add-in asks
// in every run (its version; what it holds of some images) through both transports, as the add-in asks them: the CLI
// as a docker process per question, the Engine API as HTTP requests over the daemon's unix socket from this process,
// on one kept connection (what Docker/DockerEngine does). Prints one markdown row per question: medians in
// milliseconds, and the Engine API's time as a share of the CLI's. Run by bench/transport.
using System.Diagnostics;
using System.Net.Http;
using System.Net.Sockets;

var socket = Argument("socket", "/var/run/docker.sock");
var engine = Argument("engine", "legacy");
var rounds = Argument("rounds", 15);
var images = Argument("images", "").Split(',', StringSplitOptions.RemoveEmptyEntries);

var client = new HttpClient(new SocketsHttpHandler
{
    ConnectCallback = async (_, ct) =>
    {
        var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await s.ConnectAsync(new UnixDomainSocketEndPoint(socket), ct);
        return new NetworkStream(s, ownsSocket: true);
    },
    UseProxy = false,
}) { BaseAddress = new Uri("http://docker/") };

double Milliseconds(Action action)
{
    var watch = Stopwatch.StartNew();
    action();
    return watch.Elapsed.TotalMilliseconds;
}

void Docker(params string[] arguments)
{
    var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var argument in arguments) start.ArgumentList.Add(argument);
    start.Environment["DOCKER_HOST"] = "unix://" + socket;
    using var process = Process.Start(start)!;
    process.StandardOutput.ReadToEnd();
    process.StandardError.ReadToEnd();
    process.WaitForExit();
    if (process.ExitCode != 0) throw new Exception($"docker {string.Join(' ', arguments)} exited {process.ExitCode}");
}

void Get(string path)
{
    using var response = client.GetAsync(path).GetAwaiter().GetResult();
    response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
    if (!response.IsSuccessStatusCode) throw new Exception($"GET /{path} answered {(int)response.StatusCode}");
}

double Median(List<double> values)
{
    values.Sort();
    return values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
}

var questions = new (string Name, Action Cli, Action Api)[]
{
    ("daemon version", () => Docker("version", "--format", "{{.Server.Arch}}"), () => Get("version")),
    ($"inspect of {images.Length} images", () => Docker(["image", "inspect", .. images]), () => { foreach (var image in images) Get($"images/{Uri.EscapeDataString(image)}/json"); }),
};

// One untimed round: the first request opens the connection, which a run pays once per daemon.
foreach (var (_, cli, api) in questions) { cli(); api(); }
foreach (var (name, cli, api) in questions)
{
    var cliTimes = new List<double>();
    var apiTimes = new List<double>();
    for (var round = 0; round < rounds; round++)
    {
        // Alternating, and in turn first, so that neither transport always runs on a warmer machine.
        if (round % 2 == 0) { cliTimes.Add(Milliseconds(cli)); apiTimes.Add(Milliseconds(api)); }
        else { apiTimes.Add(Milliseconds(api)); cliTimes.Add(Milliseconds(cli)); }
    }

    var c = Median(cliTimes);
    var a = Median(apiTimes);
    Information(FormattableString.Invariant($"| {engine} | {name} | {c:0.0} | {a:0.0} | {a / c:0.00} |"));
}
