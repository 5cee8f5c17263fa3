using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Text;

namespace OnCall.Module.Tests.Infrastructure;

/// <summary>
/// A host whose UI writes into a string, so Out-Default shows the table or help page a user would
/// see in a window of that many columns. It is non-interactive: any prompt fails, as in a runbook.
/// </summary>
public sealed class CollectingHost(int columns = 80) : PSHost
{
    private readonly CollectingUI _ui = new(columns);

    public string Text => _ui.Text;

    public void ClearText() => _ui.Clear();

    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;

    public override CultureInfo CurrentUICulture => CultureInfo.GetCultureInfo("en-US");

    public override Guid InstanceId { get; } = Guid.NewGuid();

    public override string Name => "OnCallTestHost";

    public override PSHostUserInterface UI => _ui;

    public override Version Version => new(1, 0);

    public override void EnterNestedPrompt() => throw new NotSupportedException();

    public override void ExitNestedPrompt() => throw new NotSupportedException();

    public override void NotifyBeginApplication() { }

    public override void NotifyEndApplication() { }

    public override void SetShouldExit(int exitCode) { }

    private sealed class CollectingUI(int columns) : PSHostUserInterface
    {
        private readonly StringBuilder _text = new();
        private readonly RawUI _raw = new(columns);

        public string Text
        {
            get { lock (_text) { return _text.ToString(); } }
        }

        public void Clear()
        {
            lock (_text) { _text.Clear(); }
        }

        public override PSHostRawUserInterface RawUI => _raw;

        public override Dictionary<string, PSObject> Prompt(string caption, string message, System.Collections.ObjectModel.Collection<FieldDescription> descriptions) =>
            throw new InvalidOperationException("A prompt was shown in a non-interactive session: " + message);

        public override int PromptForChoice(string caption, string message, System.Collections.ObjectModel.Collection<ChoiceDescription> choices, int defaultChoice) =>
            throw new InvalidOperationException("A choice prompt was shown in a non-interactive session: " + message);

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
            throw new InvalidOperationException("A credential prompt was shown in a non-interactive session.");

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) =>
            throw new InvalidOperationException("A credential prompt was shown in a non-interactive session.");

        public override string ReadLine() => throw new InvalidOperationException("ReadLine in a non-interactive session.");

        public override SecureString ReadLineAsSecureString() => throw new InvalidOperationException("ReadLine in a non-interactive session.");

        public override void Write(string value) => Append(value);

        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Append(value);

        public override void WriteLine(string value) => Append(value + "\n");

        public override void WriteErrorLine(string value) => Append("ERROR: " + value + "\n");

        public override void WriteDebugLine(string message) => Append("DEBUG: " + message + "\n");

        public override void WriteProgress(long sourceId, ProgressRecord record) { }

        public override void WriteVerboseLine(string message) => Append("VERBOSE: " + message + "\n");

        public override void WriteWarningLine(string message) => Append("WARNING: " + message + "\n");

        // PowerShell hands a host its table headers decorated; a host without virtual-terminal support (this one
        // collects text) asks for them as the plain text a user reads, as the console host does when redirected.
        private void Append(string value)
        {
            var plain = GetOutputString(value, SupportsVirtualTerminal);
            lock (_text) { _text.Append(plain); }
        }
    }

    private sealed class RawUI(int columns) : PSHostRawUserInterface
    {
        public override ConsoleColor BackgroundColor { get; set; }

        public override Size BufferSize { get; set; } = new(columns, 3000);

        public override Coordinates CursorPosition { get; set; }

        public override int CursorSize { get; set; }

        public override ConsoleColor ForegroundColor { get; set; }

        public override bool KeyAvailable => false;

        public override Size MaxPhysicalWindowSize => new(columns, 100);

        public override Size MaxWindowSize => new(columns, 100);

        public override Coordinates WindowPosition { get; set; }

        public override Size WindowSize { get; set; } = new(columns, 100);

        public override string WindowTitle { get; set; } = string.Empty;

        public override void FlushInputBuffer() { }

        public override BufferCell[,] GetBufferContents(Rectangle rectangle) => new BufferCell[0, 0];

        public override KeyInfo ReadKey(ReadKeyOptions options) => throw new InvalidOperationException("ReadKey in a non-interactive session.");

        public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) { }

        public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) { }

        public override void SetBufferContents(Rectangle rectangle, BufferCell fill) { }
    }
}
