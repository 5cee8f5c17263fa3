using System.Management.Automation;
using OnCall.Emulator;

namespace OnCall.Module.Tests.Reliability;

/// <summary>Faults armed for one test; disposing (a using, so a finally) removes them whatever the test did.</summary>
internal sealed class ArmedFaults(EmulatorServer server, params FaultRule[] rules) : IDisposable
{
    public void Dispose()
    {
        foreach (var rule in rules)
        {
            server.Faults.Remove(rule);
        }
    }
}

/// <summary>What the reliability suites share: connect commands for each vendor, and a look into error records.</summary>
internal static class ReliabilityKit
{
    public static string ConnectVictorOps(Uri baseUri, string name, string extra = "", string apiId = DemoCredentials.VictorOpsApiId, string apiKey = DemoCredentials.VictorOpsApiKey) =>
        $"Connect-OnCall -Provider VictorOps -Name {name} -ApiId '{apiId}' -ApiKey '{apiKey}' -BaseUri {baseUri} -UserName john.smith {extra}";

    public static string ConnectDatadog(Uri baseUri, string name, string extra = "", string apiKey = DemoCredentials.DatadogApiKey, string applicationKey = DemoCredentials.DatadogApplicationKey) =>
        $"Connect-OnCall -Provider Datadog -Name {name} -ApiKey '{apiKey}' -ApplicationKey '{applicationKey}' -BaseUri {baseUri} -UserName john.smith {extra}";

    public static string ConnectZStack(Uri baseUri, string name, string extra = "", string token = DemoCredentials.ZStackToken) =>
        $"Connect-OnCall -Provider ZStack -Name {name} -Token '{token}' -BaseUri {baseUri} -UserName admin {extra}";

    public static string Connect(string vendor, Uri baseUri, string name, string extra = "") => vendor switch
    {
        "VictorOps" => ConnectVictorOps(baseUri, name, extra),
        "Datadog" => ConnectDatadog(baseUri, name, extra),
        "ZStack" => ConnectZStack(baseUri, name, extra),
        _ => throw new ArgumentOutOfRangeException(nameof(vendor), vendor, "not a vendor"),
    };

    /// <summary>
    /// Whether the failure says the request may have reached the server: the MayHaveApplied id, or an OnCallException
    /// (in the module's own load context, so read by reflection) whose MayHaveApplied is true.
    /// </summary>
    public static bool SaysMayHaveApplied(ErrorRecord error) =>
        error.FullyQualifiedErrorId.Contains(".MayHaveApplied", StringComparison.Ordinal)
        || (error.Exception?.GetType().GetProperty("MayHaveApplied")?.GetValue(error.Exception) is true);

    /// <summary>A PSObject's property as text, empty when it has none.</summary>
    public static string Text(PSObject item, string property) => item.Properties[property]?.Value?.ToString() ?? string.Empty;

    public static string Describe(ErrorRecord error) =>
        error.FullyQualifiedErrorId + " [" + error.TargetObject + "]: " + error.Exception?.GetType().Name + ": " + error.Exception?.Message;
}
