namespace Cake.MultiArch.Tests.Reliability;

/// <summary>Reads the kernel's process table under <c>/proc</c>: command lines, environments and parents.</summary>
public static class ProcessTable
{
    /// <summary>One process: its id, its parent's id and its arguments (NUL-separated in /proc, split here).</summary>
    /// <param name="Pid">The process id.</param>
    /// <param name="ParentPid">The parent's process id.</param>
    /// <param name="Arguments">The command line, one token each.</param>
    /// <param name="RawCommandLine">/proc/PID/cmdline as read, NULs kept.</param>
    public sealed record Entry(int Pid, int ParentPid, IReadOnlyList<string> Arguments, string RawCommandLine)
    {
        /// <summary>The command line joined by spaces, for messages.</summary>
        public override string ToString() => $"{Pid} (parent {ParentPid}): {string.Join(' ', Arguments)}";
    }

    /// <summary>Every process that can be read now; processes that end while being read are left out.</summary>
    public static IReadOnlyList<Entry> Snapshot()
    {
        var entries = new List<Entry>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                var raw = File.ReadAllText(Path.Combine(directory, "cmdline"));
                if (raw.Length == 0)
                {
                    continue;
                }

                entries.Add(new Entry(pid, ParentOf(pid), raw.Split('\0', StringSplitOptions.RemoveEmptyEntries), raw));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Ended meanwhile.
            }
        }

        return entries;
    }

    /// <summary>The parent's id of a process, or 0 when it is gone.</summary>
    /// <param name="pid">The process id.</param>
    public static int ParentOf(int pid)
    {
        try
        {
            // /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses, so split after the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
        {
            return 0;
        }
    }

    /// <summary>The environment of a process as NUL-separated text, or empty when it cannot be read.</summary>
    /// <param name="pid">The process id.</param>
    public static string EnvironmentOf(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/environ");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    /// <summary>Every process whose chain of parents leads to <paramref name="ancestor"/>.</summary>
    /// <param name="ancestor">The process id of the ancestor.</param>
    public static IReadOnlyList<Entry> DescendantsOf(int ancestor)
    {
        var all = Snapshot();
        var parents = all.ToDictionary(e => e.Pid, e => e.ParentPid);
        return all.Where(e =>
        {
            var pid = e.ParentPid;
            for (var depth = 0; pid > 1 && depth < 64; depth++)
            {
                if (pid == ancestor)
                {
                    return true;
                }

                pid = parents.TryGetValue(pid, out var parent) ? parent : 0;
            }

            return false;
        }).ToList();
    }

    /// <summary>Whether a process runs the docker client (directly, or as a script that execs it).</summary>
    /// <param name="entry">The process.</param>
    public static bool IsDocker(Entry entry) =>
        entry.Arguments.Count > 0 && Path.GetFileName(entry.Arguments[0]) == "docker";
}
