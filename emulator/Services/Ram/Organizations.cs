using LineageEmulator.Model.Ram;
using LineageEmulator.Operations;
using LineageEmulator.State;

namespace LineageEmulator.Services.Ram;

/// <summary>EnableSharingWithAwsOrganization: the management account turns on sharing with its organization.</summary>
public static class Organizations
{
    public static void Register(OperationTable t) =>
        t.Add(RamOperations.EnableSharingWithAwsOrganization, Access.Write,
            OperationTable.NoResources, Enable);

    /// <summary>
    /// "You must call this operation from an IAM role or user in the organization's management account"
    /// (the operation's model documentation; RAM user guide: "Only the management account can enable sharing
    /// with AWS Organizations"), and its only modelled refusal is OperationNotPermittedException. The
    /// setting belongs to the organization, not to a region; enabling it again changes nothing.
    /// </summary>
    private static EnableSharingWithAwsOrganizationResponse Enable(EnableSharingWithAwsOrganizationRequest r, CallContext ctx)
    {
        if (ctx.Options.Organization is not { } org || org.ManagementAccount != ctx.Caller.AccountId)
            throw new OperationNotPermittedException(
                $"Account {ctx.Caller.AccountId} is not the management account of an organization. " +
                "Only the management account can enable sharing with AWS Organizations.");
        if (!ctx.Store.Index.OrganizationSharingEnabled(org.Id, org.ManagementAccount))
            ctx.Tx.Put(ctx.Home.OrganizationSharing, org.Id, new OrganizationSharingRecord(org.Id, ctx.Now));
        return new EnableSharingWithAwsOrganizationResponse { ReturnValue = true };
    }
}
