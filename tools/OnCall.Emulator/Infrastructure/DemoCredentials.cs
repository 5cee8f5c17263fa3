namespace OnCall.Emulator;

/// <summary>The only credentials the emulator accepts. Not secrets: they are printed at start-up.</summary>
public static class DemoCredentials
{
    public const string VictorOpsApiId = "demo-api-id";
    public const string VictorOpsApiKey = "demo-api-key";

    /// <summary>A read-only VictorOps key: GETs work, anything else is refused with 403, as for real read-only keys.</summary>
    public const string VictorOpsReadOnlyApiKey = "demo-readonly-api-key";
    public const string DatadogApiKey = "demo-dd-api-key";
    public const string DatadogApplicationKey = "demo-dd-app-key";
    public const string ZStackToken = "demo-zstack-token";
}
