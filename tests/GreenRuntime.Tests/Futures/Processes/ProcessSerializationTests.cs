using System.Buffers;
using System.Text.Json;
using GreenRuntime.Futures.Processes;

namespace GreenRuntime.Tests.Futures.Processes;

/// <summary>
/// The process pool writes and reads its commonest types (bool, int, long, double, string) without the serializer, to
/// spare each worker the serializer's start-up: those paths must write the bytes the serializer writes, read back what
/// it reads, and leave every value they do not take — with its error — to the serializer.
/// </summary>
public class ProcessSerializationTests
{
    public static TheoryData<object?, Type> Values() => new()
    {
        { 0, typeof(int) }, { int.MinValue, typeof(int) }, { int.MaxValue, typeof(int) },
        { 0L, typeof(long) }, { long.MinValue, typeof(long) }, { long.MaxValue, typeof(long) },
        { true, typeof(bool) }, { false, typeof(bool) },
        { 0.0, typeof(double) }, { -0.0, typeof(double) }, { 0.1, typeof(double) }, { 1e308, typeof(double) },
        { double.Epsilon, typeof(double) }, { double.MaxValue, typeof(double) }, { -1.5e-300, typeof(double) },
        { double.NaN, typeof(double) }, { double.PositiveInfinity, typeof(double) }, { double.NegativeInfinity, typeof(double) },
        { "", typeof(string) }, { "plain", typeof(string) }, { "quote \" backslash \\ tab \t nul \0", typeof(string) },
        { "é ü 漢字 😀 <script>&'", typeof(string) }, { null, typeof(string) },
        // Declared as something else: the serializer's own path.
        { 7, typeof(object) }, { (short)7, typeof(short) }, { 7.5f, typeof(float) }, { null, typeof(int?) }, { 7, typeof(int?) },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void A_value_is_written_as_the_serializer_writes_it(object? value, Type type) =>
        Assert.Equal(Serialized(value, type), Written(value, type));

    [Theory]
    [MemberData(nameof(Values))]
    public void A_value_reads_back_as_the_serializer_reads_it(object? value, Type type)
    {
        using var document = JsonDocument.Parse(Serialized(value, type));
        var read = ProcessSerialization.Read(document.RootElement, type);
        var expected = document.RootElement.Deserialize(type, ProcessSerialization.Options);
        Assert.Equal(expected?.GetType(), read?.GetType());
        Assert.Equal(Serialized(expected, type), Serialized(read, type));
        if (value is double number)
            Assert.Equal(BitConverter.DoubleToInt64Bits(number), BitConverter.DoubleToInt64Bits((double)read!)); // -0.0 stays -0.0
    }

    [Theory]
    [InlineData("\"5\"", typeof(int))]
    [InlineData("1.5", typeof(int))]
    [InlineData("1e2", typeof(int))]
    [InlineData("null", typeof(int))]
    [InlineData("4294967296", typeof(int))]
    [InlineData("-0", typeof(int))]
    [InlineData("9223372036854775808", typeof(long))]
    [InlineData("1e400", typeof(double))]
    [InlineData("-1e400", typeof(double))]
    [InlineData("1E-400", typeof(double))]
    [InlineData("\"nan\"", typeof(double))]
    [InlineData("\"Infinity \"", typeof(double))]
    [InlineData("\"1.5\"", typeof(double))]
    [InlineData("null", typeof(double))]
    [InlineData("1", typeof(bool))]
    [InlineData("\"true\"", typeof(bool))]
    [InlineData("1", typeof(string))]
    [InlineData("[\"a\"]", typeof(string))]
    [InlineData("\"\\ud800\"", typeof(string))]
    public void Any_other_JSON_reads_or_fails_as_the_serializer_reads_or_fails_it(string json, Type type)
    {
        using var document = JsonDocument.Parse(json);
        object? expected = null, actual = null;
        var expectedFailure = Record.Exception(() => expected = document.RootElement.Deserialize(type, ProcessSerialization.Options));
        var actualFailure = Record.Exception(() => actual = ProcessSerialization.Read(document.RootElement, type));
        Assert.Equal(expectedFailure?.GetType(), actualFailure?.GetType());
        Assert.Equal(expectedFailure?.Message, actualFailure?.Message);
        Assert.Equal(expected, actual);
    }

    private static byte[] Serialized(object? value, Type type)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
            JsonSerializer.Serialize(writer, value, type, ProcessSerialization.Options);
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Written(object? value, Type type)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
            ProcessSerialization.Write(writer, value, type);
        return buffer.WrittenSpan.ToArray();
    }
}
