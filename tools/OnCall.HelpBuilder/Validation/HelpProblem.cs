namespace OnCall.HelpBuilder.Validation;

/// <summary>One reason the help cannot ship: the file to fix and what is wrong with it.</summary>
internal sealed record HelpProblem(string File, string Message)
{
    public override string ToString() => File + ": " + Message;
}
