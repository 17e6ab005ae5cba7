namespace LineageEmulator;

// Errors every AWS JSON service can return although the service models do not list them.

public sealed class ValidationException(string message) : AwsServiceException("ValidationException", 400, message);

// SageMaker answers a resource-policy denial with 400, not 403.
public sealed class AccessDeniedException(string message) : AwsServiceException("AccessDeniedException", 400, message);

// 400 for an unknown X-Amz-Target; 404 for a REST path that names no operation.
public sealed class UnknownOperationException(string message, int statusCode = 400)
    : AwsServiceException("UnknownOperationException", statusCode, message);

public sealed class SerializationException(string message) : AwsServiceException("SerializationException", 400, message);

public sealed class MissingAuthenticationTokenException(string message)
    : AwsServiceException("MissingAuthenticationTokenException", 403, message);

public sealed class IncompleteSignatureException(string message)
    : AwsServiceException("IncompleteSignatureException", 403, message);

public sealed class InternalFailure(string message) : AwsServiceException("InternalFailure", 500, message);
