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
        // RAM words a bad value of its enum filters itself instead of in Coral's constraint language.
        var first = v.Failures[0];
        if (first is { Constraint: Validator.Constraint.Enum, Value: string value })
        {
            var message = first.Path switch
            {
                "resourceOwner" => $"{value} is not a valid resource owner. Specify either SELF or OTHER-ACCOUNTS and try again.",
                "associationType" => $"{value} is not a valid association type. Specify either PRINCIPAL or RESOURCE and try again.",
                "resourceRegionScope" => $"{value} is not a valid resource region scope value. Specify a valid value and try again.",
                _ => null,
            };
            if (message is not null) return new InvalidParameterException(message);
        }
        return new InvalidParameterException(v.Summary());
    }
}
