using System.Text;
using System.Text.Json.Nodes;

namespace OnCall.Emulator.Tests.TestSupport;

/// <summary>HttpClients pre-set with each vendor's demo credentials, and small JSON helpers.</summary>
internal static class EmulatorTestClient
{
    public static HttpClient VictorOpsHttp(EmulatorServer server)
    {
        var client = new HttpClient { BaseAddress = server.BaseUri };
        client.DefaultRequestHeaders.Add("X-VO-Api-Id", DemoCredentials.VictorOpsApiId);
        client.DefaultRequestHeaders.Add("X-VO-Api-Key", DemoCredentials.VictorOpsApiKey);
        return client;
    }

    public static HttpClient DatadogHttp(EmulatorServer server)
    {
        var client = new HttpClient { BaseAddress = server.BaseUri };
        client.DefaultRequestHeaders.Add("DD-API-KEY", DemoCredentials.DatadogApiKey);
        client.DefaultRequestHeaders.Add("DD-APPLICATION-KEY", DemoCredentials.DatadogApplicationKey);
        return client;
    }

    public static HttpClient ZStackHttp(EmulatorServer server)
    {
        var client = new HttpClient { BaseAddress = server.BaseUri };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", DemoCredentials.ZStackToken);
        return client;
    }

    public static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<JsonNode> ReadJson(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    public static async Task<JsonNode> GetJson(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await ReadJson(response);
    }

    public static async Task<HttpResponseMessage> Send(HttpClient client, string method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (json is not null)
        {
            request.Content = Body(json);
        }

        return await client.SendAsync(request);
    }
}
