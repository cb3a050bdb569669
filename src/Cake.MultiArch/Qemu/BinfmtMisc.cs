
namespace Cake.MultiArch.Qemu;

/// <summary>The kernel's binfmt_misc file system: reads the registered handlers and registers or removes them.</summary>
/// <param name="directory">Where binfmt_misc is mounted, normally <c>/proc/sys/fs/binfmt_misc</c>.</param>
internal sealed class BinfmtMisc(string directory)
{
    /// <summary>The usual mount point.</summary>
    public const string DefaultDirectory = "/proc/sys/fs/binfmt_misc";

    /// <summary>Where binfmt_misc is mounted.</summary>
    public string Directory { get; } = directory;

    /// <summary>Whether binfmt_misc is mounted there (its <c>register</c> file exists).</summary>
    public bool IsMounted => File.Exists(System.IO.Path.Combine(Directory, "register"));

    /// <summary>Every magic-based handler the kernel knows.</summary>
    public IReadOnlyList<QemuHandler> ReadAll()
    {
        if (!IsMounted)
        {
            return [];
        }

        var handlers = new List<QemuHandler>();
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory))
        {
            var name = System.IO.Path.GetFileName(file);
            if (name is "register" or "status")
            {
                continue;
            }

            try
            {
                if (QemuHandler.Parse(name, File.ReadAllText(file)) is { } handler)
                {
                    handlers.Add(handler);
                }
            }
            catch (IOException)
            {
                // A handler removed while we read the directory: not there, then.
            }
        }

        return handlers;
    }

    /// <summary>
    /// The handler that runs an architecture's binaries: the one named <c>qemu-&lt;target&gt;</c>, else any handler
    /// whose magic is that architecture's ELF signature (other tools name theirs differently).
    /// </summary>
    /// <param name="architecture">The architecture.</param>
    public QemuHandler? FindFor(CpuArchitecture architecture)
    {
        var handlers = ReadAll();
        var byName = handlers.FirstOrDefault(h => h.Name == $"qemu-{architecture.QemuName}");
        if (byName is not null)
        {
            return byName;
        }

        var (magic, _) = BinfmtSignatures.For(architecture.QemuName);
        return handlers.FirstOrDefault(h => h.Magic == magic);
    }

    /// <summary>Registers a handler by writing its line to the <c>register</c> file (needs root).</summary>
    /// <param name="line">The registration line, see <see cref="BinfmtSignatures.RegistrationLine"/>.</param>
    public void Register(string line) => Write("register", line);

    /// <summary>Removes a handler by writing <c>-1</c> to its file (needs root).</summary>
    /// <param name="handlerName">The handler's name.</param>
    public void Remove(string handlerName) => Write(handlerName, "-1");

    private void Write(string file, string text)
    {
        var path = System.IO.Path.Combine(Directory, file);
        try
        {
            File.WriteAllText(path, text);
        }
        catch (UnauthorizedAccessException exception)
        {
            throw new MultiArchException(
                $"Writing {path} was refused: registering QEMU on the host needs root. Run the build as root (or with sudo), " +
                "or use RegistrationMethod = QemuRegistrationMethod.Container to register through a privileged container.",
                exception);
        }
        catch (IOException exception)
        {
            throw new MultiArchException(
                $"The kernel refused '{text}' written to {path}: {exception.Message}. Check that the emulator path exists " +
                "and is executable, and that no handler of the same name is registered (set Reset = true to replace it).",
                exception);
        }
    }
}
