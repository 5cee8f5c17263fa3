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

/// <summary>What the reliability suites share: accounts of their own, a seeded override, and a look into error records.</summary>
internal static class ReliabilityKit
{
    /// <summary>
    /// Keys no other test uses: an account of its own. A test that leaves pacing state behind (a limit reached, a reset
    /// announced) uses them, so that state, which belongs to the account, never slows another test down.
    /// </summary>
    public static AcceptedCredentials OwnAccount(string label)
    {
        var tag = label + "-" + Guid.NewGuid().ToString("N")[..12];
        return new AcceptedCredentials
        {
            VictorOpsApiId = "vo-id-" + tag,
            VictorOpsApiKey = "vo-key-" + tag,
            VictorOpsReadOnlyApiKey = "vo-readonly-" + tag,
            DatadogApiKey = "dd-api-" + tag,
            DatadogApplicationKey = "dd-app-" + tag,
            ZStackToken = "zs-token-" + tag,
        };
    }

    /// <summary>
    /// Whether the failure says the request may have reached the server: the MayHaveApplied id, or an OnCallException
    /// (in the module's own load context, so read by reflection) whose MayHaveApplied is true.
    /// </summary>
    public static bool SaysMayHaveApplied(ErrorRecord error) =>
        error.FullyQualifiedErrorId.Contains(".MayHaveApplied", StringComparison.Ordinal)
        || (error.Exception?.GetType().GetProperty("MayHaveApplied")?.GetValue(error.Exception) is true);

    /// <summary>A PSObject's property as text, empty when it has none.</summary>
    public static string Text(PSObject item, string property) => item.Properties[property]?.Value?.ToString() ?? string.Empty;

    /// <summary>The id of the VictorOps scheduled override <see cref="SeedOverride"/> adds, for commands that read one by id.</summary>
    public const string SeededOverride = "rel00001";

    /// <summary>A VictorOps scheduled override in three days (john.smith away, alice.nguyen covering Platform Ops), with a fixed id.</summary>
    public static void SeedOverride(EmulatorServer server)
    {
        lock (server.State.Sync)
        {
            var start = server.State.Now.AddDays(3);
            var seeded = new OnCall.Emulator.VictorOps.VoOverride { PublicId = SeededOverride, Username = DemoPeople.John, Timezone = "Etc/UTC", Start = start, End = start.AddDays(1) };
            seeded.Assignments.Add(new KeyValuePair<string, string?>("pol-platformops00001", DemoPeople.Alice));
            server.State.VictorOps.Overrides.Add(seeded);
        }
    }

    public static string Describe(ErrorRecord error) =>
        error.FullyQualifiedErrorId + " [" + error.TargetObject + "]: " + error.Exception?.GetType().Name + ": " + error.Exception?.Message;
}
