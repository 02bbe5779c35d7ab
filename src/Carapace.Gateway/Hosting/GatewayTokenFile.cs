using System.Security.Cryptography;

namespace Carapace.Gateway.Hosting;

/// <summary>
/// The client token that protects the WebSocket API: 32 random bytes from a CSPRNG, created on first start in a file
/// only the owner can read (mode 600), and reused on every later start so clients keep working.
/// </summary>
public static class GatewayTokenFile
{
    private const int TokenBytes = 32;

    /// <summary>Returns the token stored at <paramref name="path"/>, creating the file (and its directory) when absent.</summary>
    public static async Task<string> LoadOrCreateAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (File.Exists(path))
        {
            var stored = (await File.ReadAllTextAsync(path, cancellationToken)).Trim();
            if (stored.Length >= 16)
            {
                return stored;
            }

            throw new InvalidDataException($"{path} holds no usable token (shorter than 16 characters); delete it and start the gateway again to create a new one");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var token = Base64Url(RandomNumberGenerator.GetBytes(TokenBytes));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            await using var stream = new FileStream(path, options);
            await using var writer = new StreamWriter(stream);
            await writer.WriteLineAsync(token.AsMemory(), cancellationToken);
            return token;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first: use theirs, so both agree on one token.
            return await LoadOrCreateAsync(path, cancellationToken);
        }
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
