using System.ComponentModel;
using System.Reflection;

namespace GreenRuntime.Tests.Runtime;

/// <summary>
/// What users see of the runtime. The members themselves are tracked by the build (PublicAPI.Shipped.txt /
/// PublicAPI.Unshipped.txt in src/GreenRuntime: adding or removing one without them fails with RS0016/RS0017); this
/// pins what the tracking files cannot say: which of those types stay out of IntelliSense, and where they live.
/// </summary>
public class PublicSurfaceTests
{
    private static readonly Assembly Runtime = typeof(Green).Assembly;

    public static TheoryData<string> NamespacesUsersNeverName => ["GreenRuntime.Monkey", "GreenRuntime.CompilerServices"];

    [Theory]
    [MemberData(nameof(NamespacesUsersNeverName))]
    public void Every_public_type_generated_code_names_is_hidden_from_completion(string ns)
    {
        var types = Runtime.GetExportedTypes().Where(t => t.Namespace == ns).ToList();
        Assert.NotEmpty(types);
        var shown = types
            .Where(t => t.GetCustomAttribute<EditorBrowsableAttribute>()?.State != EditorBrowsableState.Never)
            .Select(t => t.FullName)
            .ToList();
        Assert.Empty(shown);
    }

    [Fact]
    public void IoDirection_is_in_the_GreenRuntime_namespace()
    {
        Assert.Equal("GreenRuntime.IoDirection", typeof(IoDirection).FullName);
        Assert.Same(typeof(IoDirection), Runtime.GetType("GreenRuntime.IoDirection", throwOnError: true));
    }
}
