using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Carapace.Testing.Browser;

/// <summary>One page in its own browser context: navigate, type, press keys, evaluate script and wait for conditions; it records uncaught page errors.</summary>
public sealed class BrowserTab
{
    private readonly HeadlessChromium _browser;
    private readonly ConcurrentQueue<string> _errors = new();
    private TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal BrowserTab(HeadlessChromium browser, string sessionId)
    {
        _browser = browser;
        SessionId = sessionId;
    }

    /// <summary>The DevTools session attached to this page.</summary>
    public string SessionId { get; }

    /// <summary>Uncaught exceptions the page's scripts threw.</summary>
    public IReadOnlyCollection<string> PageErrors => _errors;

    /// <summary>Loads <paramref name="url"/> and waits for its load event.</summary>
    public async Task NavigateAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
        await _browser.CallAsync("Page.navigate", new JsonObject { ["url"] = url.ToString() }, SessionId, cancellationToken);
        await _loaded.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Reloads the page and waits for its load event.</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
        await _browser.CallAsync("Page.reload", new JsonObject(), SessionId, cancellationToken);
        await _loaded.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Evaluates <paramref name="expression"/> in the page (awaiting a promise) and returns its JSON value.</summary>
    public async Task<JsonElement> EvaluateAsync(string expression, CancellationToken cancellationToken)
    {
        var result = await _browser.CallAsync(
            "Runtime.evaluate", new JsonObject { ["expression"] = expression, ["awaitPromise"] = true, ["returnByValue"] = true }, SessionId, cancellationToken);
        if (result.TryGetProperty("exceptionDetails", out var exception))
        {
            throw new InvalidOperationException($"the page threw evaluating `{expression}`: {exception.GetRawText()}");
        }

        return result.GetProperty("result").TryGetProperty("value", out var value) ? value : default;
    }

    /// <summary>Evaluates <paramref name="expression"/> as a string.</summary>
    public async Task<string?> TextAsync(string expression, CancellationToken cancellationToken) =>
        await EvaluateAsync(expression, cancellationToken) is { ValueKind: JsonValueKind.String } s ? s.GetString() : null;

    /// <summary>Polls <paramref name="condition"/> (a script expression) until it is true; fails with <paramref name="what"/> when the token fires.</summary>
    public async Task WaitForAsync(string condition, string what, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await EvaluateAsync($"!!({condition})", cancellationToken) is { ValueKind: JsonValueKind.True })
            {
                return;
            }

            try
            {
                await Task.Delay(25, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"waited in vain for {what} ({condition})");
            }
        }
    }

    /// <summary>Focuses the element matched by <paramref name="selector"/> and types <paramref name="text"/> as keyboard input.</summary>
    public async Task TypeAsync(string selector, string text, CancellationToken cancellationToken)
    {
        await EvaluateAsync($"document.querySelector({JsonSerializer.Serialize(selector)}).focus()", cancellationToken);
        await _browser.CallAsync("Input.insertText", new JsonObject { ["text"] = text }, SessionId, cancellationToken);
    }

    /// <summary>Presses and releases Enter in the focused element.</summary>
    public async Task PressEnterAsync(CancellationToken cancellationToken)
    {
        foreach (var type in new[] { "keyDown", "keyUp" })
        {
            var key = new JsonObject { ["type"] = type, ["key"] = "Enter", ["code"] = "Enter", ["windowsVirtualKeyCode"] = 13 };
            if (type == "keyDown")
            {
                key["text"] = "\r";
            }

            await _browser.CallAsync("Input.dispatchKeyEvent", key, SessionId, cancellationToken);
        }
    }

    internal void OnEvent(string method, JsonElement parameters)
    {
        switch (method)
        {
            case "Page.loadEventFired":
                _loaded.TrySetResult();
                break;
            case "Runtime.exceptionThrown":
                _errors.Enqueue(parameters.GetProperty("exceptionDetails").GetRawText());
                break;
        }
    }
}
