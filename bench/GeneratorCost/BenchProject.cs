using System.Text;

namespace GreenRuntime.GeneratorCost;

/// <summary>
/// The project whose build is measured: <see cref="Classes"/> partial classes of <see cref="MethodsPerClass"/> small
/// <c>[Greenlet]</c> methods each, every method calling the next (the last of a class calls the first of the next
/// class), an ordinary helper per class that each method calls, and a <c>Main</c> that calls the first method from
/// ordinary code (one interceptor). One file per class, as people write them.
/// </summary>
internal static class BenchProject
{
    public const int Classes = 50;
    public const int MethodsPerClass = 20;

    /// <summary>The class an edit touches in the incremental runs: one in the middle of the chain.</summary>
    public const int EditedClass = 25;

    /// <summary>The file name of class <paramref name="index"/>.</summary>
    public static string FileName(int index) => $"C{index:D2}.cs";

    /// <summary>The source of class <paramref name="index"/>; <paramref name="helperStep"/> is what its helper adds.</summary>
    public static string Class(int index, int helperStep = 1)
    {
        var source = new StringBuilder();
        source.AppendLine("using GreenRuntime;");
        source.AppendLine();
        source.AppendLine("namespace GeneratorCost;");
        source.AppendLine();
        source.AppendLine($"public static partial class C{index:D2}");
        source.AppendLine("{");
        for (int m = 0; m < MethodsPerClass; m++)
        {
            string next = m + 1 < MethodsPerClass
                ? $"M{m + 1:D2}"
                : index + 1 < Classes ? $"C{index + 1:D2}.M00" : string.Empty;
            source.AppendLine("    [Greenlet]");
            source.AppendLine($"    public static int M{m:D2}(int n)");
            source.AppendLine("    {");
            source.AppendLine("        if (n % 100 == 0)");
            source.AppendLine("            Green.Sleep(0);");
            source.AppendLine(next.Length > 0 ? $"        return {next}(Step(n)) + 1;" : "        return Step(n);");
            source.AppendLine("    }");
            source.AppendLine();
        }
        source.AppendLine("    // An ordinary method: editing it is an edit no twin or interceptor depends on.");
        source.AppendLine($"    private static int Step(int n) => n + {helperStep};");
        source.AppendLine("}");
        return source.ToString();
    }

    /// <summary>The program: ordinary code that runs the chain through the interceptor of a direct call.</summary>
    public const string Program = """
        using System;

        namespace GeneratorCost;

        public static class Program
        {
            public static void Main() => Console.WriteLine(C00.M00(0));
        }
        """;

    /// <summary>The project file, referencing the repository's runtime and generator as in-repo consumers do.</summary>
    /// <remarks>
    /// <c>-p:GreenGenerator=false</c> drops the generator-and-analyzers assembly from the compiler's analyzers just before
    /// compiling (so restore and references stay the same); <c>-p:RunAnalyzers=false</c> keeps the generators and
    /// skips the analyzers.
    /// </remarks>
    public static string ProjectFile(string repoRoot) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>disable</ImplicitUsings>
            <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
            <InvariantGlobalization>true</InvariantGlobalization>
            <GreenGenerator Condition="'$(GreenGenerator)' == ''">true</GreenGenerator>
          </PropertyGroup>
          <ItemGroup>
            <ProjectReference Include="{repoRoot}/src/GreenRuntime/GreenRuntime.csproj" />
            <ProjectReference Include="{repoRoot}/src/GreenRuntime.Generators/GreenRuntime.Generators.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
          </ItemGroup>
          <Import Project="{repoRoot}/src/GreenRuntime/build/GreenRuntime.props" />
          <Target Name="DropGreenGenerator" BeforeTargets="CoreCompile" Condition="'$(GreenGenerator)' == 'false'">
            <ItemGroup>
              <Analyzer Remove="@(Analyzer)" Condition="'%(Filename)' == 'GreenRuntime.Generators'" />
            </ItemGroup>
          </Target>
        </Project>
        """;

    /// <summary>Writes the project into <paramref name="directory"/>.</summary>
    public static void Write(string directory, string repoRoot)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "GeneratorCost.Bench.csproj"), ProjectFile(repoRoot));
        File.WriteAllText(Path.Combine(directory, "Program.cs"), Program);
        for (int i = 0; i < Classes; i++)
            File.WriteAllText(Path.Combine(directory, FileName(i)), Class(i));
    }
}
