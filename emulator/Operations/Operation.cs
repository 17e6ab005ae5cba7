using System.Text.Json;
using LineageEmulator.Wire;

namespace LineageEmulator.Operations;

public enum Access
{
    Read,
    Write,
}

/// <summary>
/// One bound operation: its model, the IAM action it performs, the ARNs in the request it touches
/// (checked by the authorizer before the handler runs), and the handler. Built once at start-up.
/// </summary>
public interface IOperation
{
    IOperationModel Model { get; }
    string Action { get; }
    Access Access { get; }
    object Deserialize(ReadOnlySpan<byte> body);
    void BindQuery(object input, Func<string, string?> query);
    void Validate(object input, Validator validator);
    IEnumerable<string> Resources(object input);
    object Invoke(object input, CallContext context);
    void Serialize(Utf8JsonWriter writer, object output);
}

public sealed class Operation<TIn, TOut>(
    OperationModel<TIn, TOut> model,
    string action,
    Access access,
    Func<TIn, IEnumerable<string?>> resources,
    Func<TIn, CallContext, TOut> handler) : IOperation
    where TIn : class, IShape, new()
    where TOut : class
{
    public IOperationModel Model => model;
    public string Action { get; } = action;
    public Access Access { get; } = access;

    public object Deserialize(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty) return new TIn();
        try
        {
            return JsonSerializer.Deserialize(body, model.Input) ?? new TIn();
        }
        catch (JsonException e)
        {
            throw new SerializationException(e.Path is { Length: > 1 } path
                ? $"Unexpected value at '{path.TrimStart('$', '.')}'"
                : "Unable to parse the request body as JSON");
        }
    }

    public void BindQuery(object input, Func<string, string?> query)
    {
        if (input is IQueryBound bound) bound.BindQuery(query);
    }

    public void Validate(object input, Validator validator) => ((TIn)input).Validate(validator, null);

    public IEnumerable<string> Resources(object input)
    {
        foreach (var arn in resources((TIn)input))
            if (!string.IsNullOrEmpty(arn)) yield return arn;
    }

    public object Invoke(object input, CallContext context) => handler((TIn)input, context);

    public void Serialize(Utf8JsonWriter writer, object output) => JsonSerializer.Serialize(writer, (TOut)output, model.Output);
}

/// <summary>The frozen dispatch table of one service.</summary>
public sealed class OperationTable(string service, Func<Validator, AwsServiceException> validationError,
    Func<string, AwsServiceException> notFound)
{
    private readonly Dictionary<string, IOperation> byName = new(StringComparer.Ordinal);

    public string Service { get; } = service;
    public IReadOnlyDictionary<string, IOperation> Operations => byName;
    public AwsServiceException ValidationError(Validator v) => validationError(v);

    /// <summary>The service's answer for an ARN that names nothing this endpoint can see.</summary>
    public AwsServiceException NotFound(string arn) => notFound(arn);

    /// <summary>
    /// Binds an operation. Its IAM action is <c>service:OperationName</c>, as for every operation so far; give
    /// <paramref name="action"/> only where AWS authorizes the operation under another action.
    /// </summary>
    public void Add<TIn, TOut>(OperationModel<TIn, TOut> model, Access access,
        Func<TIn, IEnumerable<string?>> resources, Func<TIn, CallContext, TOut> handler, string? action = null)
        where TIn : class, IShape, new()
        where TOut : class
    {
        action ??= Service + ":" + model.Name;
        if (!action.StartsWith(Service + ":", StringComparison.Ordinal))
            throw new ArgumentException($"{model.Name} declares action '{action}' outside '{Service}'");
        byName.Add(model.Name, new Operation<TIn, TOut>(model, action, access, resources, handler));
    }

    public IOperation? Find(string name) => byName.GetValueOrDefault(name);

    /// <summary>For operations that touch no existing resource (creates, lists of the caller's own).</summary>
    public static IEnumerable<string?> NoResources<T>(T _) => [];
}
