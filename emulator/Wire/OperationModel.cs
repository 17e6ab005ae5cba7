using System.Text.Json.Serialization.Metadata;

namespace LineageEmulator.Wire;

/// <summary>What the service model says about one operation: its name, HTTP route and shapes.</summary>
public interface IOperationModel
{
    string Name { get; }
    string HttpMethod { get; }
    string RequestUri { get; }
}

public sealed record OperationModel<TIn, TOut>(
    string Name,
    string HttpMethod,
    string RequestUri,
    JsonTypeInfo<TIn> Input,
    JsonTypeInfo<TOut> Output) : IOperationModel
    where TIn : class, IShape
    where TOut : class;
