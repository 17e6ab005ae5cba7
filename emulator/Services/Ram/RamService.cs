using LineageEmulator.Model.Ram;
using LineageEmulator.Operations;

namespace LineageEmulator.Services.Ram;

public sealed record RamTable(OperationTable Table);

/// <summary>Builds RAM's dispatch table from the operation groups, once at start-up.</summary>
public static class RamService
{
    public static RamTable BuildTable()
    {
        var table = new OperationTable("ram", RamValidation.ToError,
            arn => new UnknownResourceException($"The specified resource {arn} could not be found."));
        ResourceShares.Register(table);
        ShareAssociations.Register(table);
        Invitations.Register(table);
        Permissions.Register(table);
        SharePermissions.Register(table);
        ResourcePolicies.Register(table);
        Organizations.Register(table);
        RamTags.Register(table);
        RamListings.Register(table);
        return new RamTable(table);
    }
}
