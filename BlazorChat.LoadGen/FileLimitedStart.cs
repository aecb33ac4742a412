using System.Diagnostics;
using System.Globalization;

namespace BlazorChat.LoadGen;

/// <summary>
/// How a server child process is started, optionally under a lower open-file limit. The limit is set by
/// <c>prlimit --nofile=N:N -- command …</c>, which sets it on itself and then becomes the command (same process id):
/// the server starts under it, so what it reads of its own limit at start (BlazorChat's <c>ConnectionCapacity</c>)
/// is the limit it runs under. Lowering a running server's limit instead (<c>prlimit --pid</c>) hides it from that
/// read, and the server runs out of descriptors rather than refusing.
/// </summary>
internal static class FileLimitedStart
{
    /// <summary>The start of <paramref name="fileName"/> with <paramref name="arguments"/>, under <paramref name="fileLimit"/> when given.</summary>
    public static ProcessStartInfo Create(string fileName, IEnumerable<string> arguments, int? fileLimit)
    {
        var start = new ProcessStartInfo(fileLimit is null ? fileName : "prlimit");
        if (fileLimit is { } limit)
        {
            // Soft and hard alike: a process may lower both, and raising the hard one back needs CAP_SYS_RESOURCE.
            start.ArgumentList.Add(string.Create(CultureInfo.InvariantCulture, $"--nofile={limit}:{limit}"));
            start.ArgumentList.Add("--");
            start.ArgumentList.Add(fileName);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }
}
