using LineageEmulator.Model.Ram;
using LineageEmulator.Wire;

namespace LineageEmulator.Services.Ram;

/// <summary>RAM has no ValidationException: a missing member and a bad value have their own modelled errors.</summary>
public static class RamValidation
{
    public static AwsServiceException ToError(Validator v)
    {
        var missing = v.Failures.Where(f => f.IsMissing).Select(f => f.Path).ToList();
        if (missing.Count > 0)
            return new MissingRequiredParameterException(
                "The request is missing the required parameter" + (missing.Count > 1 ? "s " : " ") + string.Join(", ", missing) + ".");
        return new InvalidParameterException(v.Summary());
    }
}
