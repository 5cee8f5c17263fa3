// netstandard2.0 lacks the marker type that C# 9 init accessors need; each assembly
// that targets it compiles its own internal copy (Directory.Build.targets adds this file).
namespace System.Runtime.CompilerServices;

internal static class IsExternalInit
{
}
