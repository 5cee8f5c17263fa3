using OnCall.Emulator;

namespace OnCall.Module.Tests.Infrastructure;

/// <summary>Connect-OnCall commands for each vendor of an emulator, with the demo keys unless a test brings its own.</summary>
public static class ConnectCommands
{
    public static string ConnectVictorOps(Uri baseUri, string name, string extra = "", string apiId = DemoCredentials.VictorOpsApiId, string apiKey = DemoCredentials.VictorOpsApiKey) =>
        $"Connect-OnCall -Provider VictorOps -Name {name} -ApiId '{apiId}' -ApiKey '{apiKey}' -BaseUri {baseUri} -UserName john.smith {extra}";

    public static string ConnectDatadog(Uri baseUri, string name, string extra = "", string apiKey = DemoCredentials.DatadogApiKey, string applicationKey = DemoCredentials.DatadogApplicationKey) =>
        $"Connect-OnCall -Provider Datadog -Name {name} -ApiKey '{apiKey}' -ApplicationKey '{applicationKey}' -BaseUri {baseUri} -UserName john.smith {extra}";

    public static string ConnectZStack(Uri baseUri, string name, string extra = "", string token = DemoCredentials.ZStackToken) =>
        $"Connect-OnCall -Provider ZStack -Name {name} -Token '{token}' -BaseUri {baseUri} -UserName admin {extra}";

    public static string Connect(string vendor, Uri baseUri, string name, string extra = "", AcceptedCredentials? keys = null)
    {
        keys ??= new AcceptedCredentials();
        return vendor switch
        {
            "VictorOps" => ConnectVictorOps(baseUri, name, extra, keys.VictorOpsApiId, keys.VictorOpsApiKey),
            "Datadog" => ConnectDatadog(baseUri, name, extra, keys.DatadogApiKey, keys.DatadogApplicationKey),
            "ZStack" => ConnectZStack(baseUri, name, extra, keys.ZStackToken),
            _ => throw new ArgumentOutOfRangeException(nameof(vendor), vendor, "not a vendor"),
        };
    }
}
