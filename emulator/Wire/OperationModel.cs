using System.Text.Json.Serialization.Metadata;

namespace LineageEmulator.Wire;

/// <summary>What the service model says about one operation: its name, HTTP route and shapes.</summary>
public interface IOperationModel
{
    string Name { get; }
    string HttpMethod { get; }
    string RequestUri { get; }
}

/// <summary>
/// One operation of the model. Its JSON contracts are made when the operation is first called, not at start-up:
/// making all of them (hundreds of shapes, most never called in a run) allocated about 6 MB and touched code the
/// idle emulator otherwise never maps. The contexts cache each contract once made.
/// </summary>
public sealed class OperationModel<TIn, TOut>(
    string name,
    string httpMethod,
    string requestUri,
    Func<JsonTypeInfo<TIn>> input,
    Func<JsonTypeInfo<TOut>> output) : IOperationModel
    where TIn : class, IShape
    where TOut : class
{
    public string Name { get; } = name;
    public string HttpMethod { get; } = httpMethod;
    public string RequestUri { get; } = requestUri;
    public JsonTypeInfo<TIn> Input => input();
    public JsonTypeInfo<TOut> Output => output();
}
