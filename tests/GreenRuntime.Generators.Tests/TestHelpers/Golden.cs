using System.Runtime.CompilerServices;

namespace GreenRuntime.Generators.Tests.TestHelpers;

/// <summary>
/// Compares generated text with a golden file in <c>Golden/</c>. With <c>GREEN_ACCEPT_GOLDEN=1</c> the golden file
/// is (re)written instead, in the source tree, not in the build output.
/// </summary>
internal static class Golden
{
    public static void AssertMatches(string actual, string name)
    {
        var path = Path.Combine(GoldenDirectory(), name);
        actual = Normalize(actual);
        if (Environment.GetEnvironmentVariable("GREEN_ACCEPT_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"Missing golden file {path}; run the tests with GREEN_ACCEPT_GOLDEN=1 to create it.");
        Assert.Equal(Normalize(File.ReadAllText(path)), actual);
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n");

    // This file lives in TestHelpers/, next to Golden/.
    private static string GoldenDirectory([CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(thisFile))!, "Golden");
}
