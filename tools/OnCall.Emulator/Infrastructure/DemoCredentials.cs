namespace OnCall.Emulator;

/// <summary>The only credentials the emulator accepts. Not secrets: they are printed at start-up.</summary>
public static class DemoCredentials
{
    public const string VictorOpsApiId = "demo-api-id";
    public const string VictorOpsApiKey = "demo-api-key";
    public const string DatadogApiKey = "demo-dd-api-key";
    public const string DatadogApplicationKey = "demo-dd-app-key";
    public const string ZStackToken = "demo-zstack-token";
}
