using System.Text.RegularExpressions;
using LineageEmulator.State;

namespace LineageEmulator.Authorization;

/// <summary>
/// The AWS Organization declared in the accounts file (none by default): its id, management account,
/// organizational units (each under the root or another OU) and where each member account sits. It is
/// configuration, read at start-up: an account removed from it between runs is no longer a member, and
/// every grant that came from membership ends with it.
/// </summary>
public sealed partial class Organization
{
    /// <summary>The parent name of everything directly under the organization's root.</summary>
    public const string Root = "root";

    public Organization(string id, string managementAccount, IReadOnlyDictionary<string, string> organizationalUnits,
        IReadOnlyDictionary<string, string> accounts)
    {
        // Patterns of AWS Organizations' ids (its API reference): o-[a-z0-9]{10,32}, ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}.
        if (!OrganizationId().IsMatch(id)) throw new ArgumentException($"organization id '{id}' is not o- followed by 10 to 32 lowercase letters or digits");
        if (!State.AccountIds.IsValid(managementAccount)) throw new ArgumentException($"management account '{managementAccount}' is not 12 digits");
        foreach (var (ou, parent) in organizationalUnits)
        {
            if (!OuId().IsMatch(ou)) throw new ArgumentException($"organizational unit id '{ou}' does not match ou-[0-9a-z]{{4,32}}-[a-z0-9]{{8,32}}");
            if (parent != Root && !organizationalUnits.ContainsKey(parent))
                throw new ArgumentException($"organizational unit '{ou}' is under '{parent}', which is neither '{Root}' nor a declared unit");
        }
        foreach (var ou in organizationalUnits.Keys)
        {
            // Every chain of parents has to reach the root.
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var at = ou; at != Root; at = organizationalUnits[at])
                if (!seen.Add(at)) throw new ArgumentException($"organizational unit '{ou}' is its own ancestor");
        }
        foreach (var (account, parent) in accounts)
        {
            if (!State.AccountIds.IsValid(account)) throw new ArgumentException($"member account '{account}' is not 12 digits");
            if (parent != Root && !organizationalUnits.ContainsKey(parent))
                throw new ArgumentException($"account '{account}' is under '{parent}', which is neither '{Root}' nor a declared unit");
        }
        Id = id;
        ManagementAccount = managementAccount;
        OrganizationalUnits = organizationalUnits;
        Accounts = accounts;
    }

    public string Id { get; }
    public string ManagementAccount { get; }
    /// <summary>OU id to its parent (an OU id or <see cref="Root"/>).</summary>
    public IReadOnlyDictionary<string, string> OrganizationalUnits { get; }
    /// <summary>Member account to its parent (an OU id or <see cref="Root"/>); the management account is a member under the root unless placed.</summary>
    public IReadOnlyDictionary<string, string> Accounts { get; }

    public string Arn => Arns.Organization(ManagementAccount, Id);

    public string OuArn(string ou) => Arns.OrganizationalUnit(ManagementAccount, Id, ou);

    public bool Contains(string account) => account == ManagementAccount || Accounts.ContainsKey(account);

    /// <summary>Whether the account sits in the OU or anywhere below it.</summary>
    public bool IsUnder(string account, string ou)
    {
        if (!Contains(account)) return false;
        for (var at = Accounts.GetValueOrDefault(account, Root); at != Root; at = OrganizationalUnits[at])
            if (at == ou) return true;
        return false;
    }

    /// <summary>Every member account, the management account included.</summary>
    public IEnumerable<string> Members => Accounts.Keys.Append(ManagementAccount).Distinct(StringComparer.Ordinal);

    [GeneratedRegex(@"\Ao-[a-z0-9]{10,32}\z")]
    private static partial Regex OrganizationId();

    [GeneratedRegex(@"\Aou-[0-9a-z]{4,32}-[a-z0-9]{8,32}\z")]
    private static partial Regex OuId();
}
