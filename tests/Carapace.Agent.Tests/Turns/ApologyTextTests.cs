using System.Net;
using Carapace.Agent.Turns;

namespace Carapace.Agent.Tests.Turns;

public sealed class ApologyTextTests
{
    public static TheoryData<Exception, string> Rows => new()
    {
        { new TimeoutException("slow"), "took too long" },
        { new HttpRequestException("x", null, HttpStatusCode.TooManyRequests), "rate limiting" },
        { new HttpRequestException("x", null, HttpStatusCode.Unauthorized), "rejected the API key" },
        { new HttpRequestException("x", null, HttpStatusCode.BadGateway), "had an error" },
        { new HttpRequestException("x", null, HttpStatusCode.NotFound), "refused the request (HTTP 404)" },
        { new HttpRequestException("connection refused"), "could not be reached" },
        { new InvalidOperationException("HTTP 400 (invalid_request_error: context_length_exceeded)"), "/new" },
        { new InvalidOperationException("prompt is too long: 250000 tokens > 200000 maximum"), "/new" },
        { new InvalidOperationException(""), "could not be reached" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void For_Failure_IsOneShortLineNamingTheCause(Exception failure, string expected)
    {
        var text = ApologyText.For(failure);

        Assert.StartsWith("Sorry, I couldn't answer that: ", text, StringComparison.Ordinal);
        Assert.Contains(expected, text, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', text);
        Assert.True(text.Length < 140, text);
    }

    [Fact]
    public void For_ConnectionReset_SaysUnreachable() =>
        Assert.Contains("could not be reached", ApologyText.For(new IOException("reset by peer")), StringComparison.Ordinal);
}
