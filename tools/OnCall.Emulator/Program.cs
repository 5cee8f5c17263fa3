namespace OnCall.Emulator;

public static class Program
{
    public static void Main(string[] args)
    {
        _ = args;
    }
}
