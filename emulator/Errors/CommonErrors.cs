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

// Authentication failures whose status depends on the protocol: awsJson1.1 services answer 400
// (aws/amazon-sagemaker-operator-for-k8s#99: SageMaker's UnrecognizedClientException "status code: 400"),
// restJson1 services 403 (iann0036/iamlive#58: Lambda's UnrecognizedClientException "StatusCode: 403").
public sealed class UnrecognizedClientException(string message, int statusCode)
    : AwsServiceException("UnrecognizedClientException", statusCode, message);

public sealed class InvalidSignatureException(string message, int statusCode)
    : AwsServiceException("InvalidSignatureException", statusCode, message);
