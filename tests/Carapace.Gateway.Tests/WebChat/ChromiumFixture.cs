using Carapace.Testing.Browser;
using Xunit;

namespace Carapace.Gateway.Tests.WebChat;

/// <summary>One headless Chromium for a test class; each test opens its own isolated browser contexts in it.</summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    private HeadlessChromium? _browser;

    public HeadlessChromium Browser => _browser ?? throw new InvalidOperationException("the browser is not started");

    public async Task InitializeAsync() => _browser = await HeadlessChromium.LaunchAsync(new CancellationTokenSource(TimeSpan.FromMinutes(5)).Token);

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
    }
}
