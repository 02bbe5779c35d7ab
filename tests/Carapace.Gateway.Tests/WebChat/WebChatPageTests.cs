using System.Net;
using Carapace.Gateway.Tests.Support;
using Carapace.Testing;
using Carapace.Testing.Browser;
using Xunit;

namespace Carapace.Gateway.Tests.WebChat;

/// <summary>The browser chat page in a real headless Chromium against a real gateway and the fake model.</summary>
public sealed class WebChatPageTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private const string Connected = "document.getElementById('status').textContent === 'connected'";

    [Fact]
    public async Task Get_ChatAssets_ServedWithStrictPolicyAndRootLeadsToChat()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = gateway.Host.BaseUrl };

        using var root = await http.GetAsync("/");
        using var page = await http.GetAsync("/chat");
        using var script = await http.GetAsync("/chat.js");

        Assert.Equal(HttpStatusCode.Redirect, root.StatusCode);
        Assert.Equal("/chat", root.Headers.Location?.ToString());
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("<script src=\"/chat.js\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(gateway.Host.Token, await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_TypedMessageAndEnter_ShowsTheReplyAndDropsTheTokenFromTheAddress()
    {
        await using var gateway = await TestGateway.StartAsync();
        var ct = TestDeadline.Token();
        var tab = await chromium.Browser.OpenAsync(gateway.Host.WebChatUrl, ct);
        await tab.WaitForAsync(Connected, "the page to connect", ct);

        await tab.TypeAsync("#name", "alice", ct);
        await tab.TypeAsync("#text", "hello from the browser", ct);
        await tab.PressEnterAsync(ct);

        await tab.WaitForAsync("[...document.querySelectorAll('.message.assistant')].some(m => m.textContent === 'echo: hello from the browser')", "the reply", ct);
        Assert.Equal("", await tab.TextAsync("location.hash", ct));
        Assert.Equal("", await tab.TextAsync("document.getElementById('text').value", ct));
        await tab.WaitForAsync("!document.querySelector('.message.user.pending')", "the message to be accepted", ct);
        var lines = await gateway.TranscriptAsync("agent:main:main");
        Assert.Contains(lines, l => l.Role == "user" && l.Text == "hello from the browser");
        Assert.Empty(tab.PageErrors);
    }

    [Fact]
    public async Task Send_TwoPeopleWithPerPeerScope_EachConversationStaysTheirOwn()
    {
        await using var gateway = await TestGateway.StartAsync("session: { dmScope: 'per-peer' }");
        var ct = TestDeadline.Token();
        var alice = await chromium.Browser.OpenAsync(gateway.Host.WebChatUrl, ct);
        var bob = await chromium.Browser.OpenAsync(gateway.Host.WebChatUrl, ct);
        await alice.WaitForAsync(Connected, "alice's page to connect", ct);
        await bob.WaitForAsync(Connected, "bob's page to connect", ct);

        await SayAsync(alice, "alice", "my locker code is 4512", ct);
        await SayAsync(bob, "bob", "what is the locker code?", ct);

        var bobsPrompt = gateway.Model.Requests.Single(r => TestGateway.LastUserText(r) == "what is the locker code?");
        Assert.DoesNotContain(bobsPrompt.Messages, m => m.Text.Contains("4512", StringComparison.Ordinal));
        Assert.DoesNotContain("4512", await bob.TextAsync("document.getElementById('log').textContent", ct), StringComparison.Ordinal);
        Assert.Equal(["agent:main:direct:alice", "agent:main:direct:bob"], await gateway.SessionKeysAsync());
        Assert.Equal("alice", await alice.TextAsync("localStorage.getItem('carapace.name')", ct));
    }

    [Fact]
    public async Task Open_WrongToken_AsksForTheTokenAndConnectsWithTheRightOne()
    {
        await using var gateway = await TestGateway.StartAsync();
        var ct = TestDeadline.Token();
        var wrong = new UriBuilder(gateway.Host.WebChatUrl) { Fragment = "token=not-the-token" }.Uri;
        var tab = await chromium.Browser.OpenAsync(wrong, ct);

        await tab.WaitForAsync("!document.getElementById('token-form').hidden", "the token form", ct);
        Assert.Contains("refused", await tab.TextAsync("document.getElementById('token-problem').textContent", ct), StringComparison.Ordinal);
        await tab.TypeAsync("#token", gateway.Host.Token, ct);
        await tab.EvaluateAsync("document.getElementById('token-form').requestSubmit()", ct);

        await tab.WaitForAsync(Connected, "the page to connect with the right token", ct);
        Assert.True((await tab.EvaluateAsync("document.getElementById('token-form').hidden", ct)).GetBoolean());
    }

    [Fact]
    public async Task Send_MarkupInMessageAndReply_ShownAsTextNeverRun()
    {
        await using var gateway = await TestGateway.StartAsync();
        var ct = TestDeadline.Token();
        var tab = await chromium.Browser.OpenAsync(gateway.Host.WebChatUrl, ct);
        await tab.WaitForAsync(Connected, "the page to connect", ct);
        const string Markup = "<img src=x onerror=\"window.injected=1\"><b>bold</b>";

        await SayAsync(tab, "mallory", Markup, ct);

        Assert.Equal(0, (await tab.EvaluateAsync("document.querySelectorAll('#log img, #log b').length", ct)).GetInt32());
        Assert.Equal("undefined", await tab.TextAsync("typeof window.injected", ct));
        Assert.Contains("echo: " + Markup, await tab.TextAsync("document.getElementById('log').textContent", ct), StringComparison.Ordinal);
    }

    private static async Task SayAsync(BrowserTab tab, string name, string text, CancellationToken ct)
    {
        await tab.EvaluateAsync("document.getElementById('name').value = ''", ct);
        await tab.TypeAsync("#name", name, ct);
        await tab.TypeAsync("#text", text, ct);
        await tab.EvaluateAsync("document.getElementById('composer').requestSubmit()", ct);
        await tab.WaitForAsync(
            $"[...document.querySelectorAll('.message.assistant')].some(m => m.textContent === {System.Text.Json.JsonSerializer.Serialize("echo: " + text)})",
            $"the reply to {name}",
            ct);
    }
}
