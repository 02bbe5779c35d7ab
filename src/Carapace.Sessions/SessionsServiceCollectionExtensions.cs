using Carapace.Core.Sessions;
using Carapace.Sessions.Abstractions;
using Carapace.Sessions.Lanes;
using Carapace.Sessions.Lifecycle;
using Carapace.Sessions.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Carapace.Sessions;

/// <summary>The one place sessions are composed: the SQLite stores over an open database, the lanes and the session manager.</summary>
public static class SessionsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ISessionStore"/>, <see cref="ITranscriptStore"/>, <see cref="ISessionHistory"/>,
    /// <see cref="ISessionLanes"/> and <see cref="SessionManager"/> over <paramref name="database"/>, which the caller
    /// opened (and disposes). <paramref name="zone"/> is the user's time zone for daily resets.
    /// </summary>
    public static IServiceCollection AddCarapaceSessions(
        this IServiceCollection services, SqliteSessionDatabase database, SessionPolicyOptions policy, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(zone);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(database);
        services.AddSingleton<ISessionStore>(new SqliteSessionStore(database));
        services.AddSingleton<ITranscriptStore>(new SqliteTranscriptStore(database));
        services.AddSingleton<ISessionHistory>(new SqliteSessionHistory(database));
        services.AddSingleton<ISessionLanes, SessionLanes>();
        services.AddSingleton(sp => new SessionManager(
            sp.GetRequiredService<ISessionStore>(),
            sp.GetRequiredService<ITranscriptStore>(),
            sp.GetRequiredService<ISessionHistory>(),
            policy,
            sp.GetRequiredService<TimeProvider>(),
            zone));
        return services;
    }
}
