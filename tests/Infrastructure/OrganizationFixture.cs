using System.Text.Json.Nodes;
using LineageEmulator.Authorization;
using LineageEmulator.Hosting;

namespace LineageEmulator.Tests.Infrastructure;

/// <summary>Where a member account sits: under the root, in OU A, in OU B (inside A), or in OU C.</summary>
public enum Place { Root, UnitA, UnitB, UnitC }

/// <summary>
/// An emulator whose accounts file declares an organization, with sharing turned on by its management
/// account. The organization holds a pool of member accounts in each place; every test takes fresh ones
/// (<see cref="Member"/>), so no test sees another's shares.
/// </summary>
public class OrganizationFixture : EmulatorFixture
{
    public const string OrganizationId = "o-lineagetest1";
    public const string UnitA = "ou-test-aaaaaaaa";
    public const string UnitB = "ou-test-bbbbbbbb";
    public const string UnitC = "ou-test-cccccccc";
    private const int PoolSize = 200;

    private static int memberSeed = Random.Shared.Next(100_000, 900_000);
    private readonly Dictionary<Place, Queue<string>> pool;

    public OrganizationFixture() : this(sharingOn: true)
    {
    }

    protected OrganizationFixture(bool sharingOn) : this(NewPool(), sharingOn)
    {
    }

    private OrganizationFixture((string Management, Dictionary<Place, Queue<string>> Pool) members, bool sharingOn)
        : base(o => o.Organization = Declare(members.Management, members.Pool))
    {
        Management = members.Management;
        pool = members.Pool;
        if (sharingOn)
            Ram(Management).Post("/enablesharingwithawsorganization", new JsonObject()).GetAwaiter().GetResult().Ok();
    }

    public string Management { get; }

    public string OrganizationArn => $"arn:aws:organizations::{Management}:organization/{OrganizationId}";

    public string OuArn(string unit) => $"arn:aws:organizations::{Management}:ou/{OrganizationId}/{unit}";

    /// <summary>A member account no other test has used.</summary>
    public string Member(Place place)
    {
        lock (pool) return pool[place].Dequeue();
    }

    /// <summary>The organization: OU B sits inside OU A; every pooled account in its place.</summary>
    public static Organization Declare(string management, IReadOnlyDictionary<Place, Queue<string>> members) =>
        new(OrganizationId, management,
            new Dictionary<string, string> { [UnitA] = Organization.Root, [UnitB] = UnitA, [UnitC] = Organization.Root },
            members.SelectMany(p => p.Value.Select(a => (a, p.Key))).ToDictionary(x => x.a, x => x.Key switch
            {
                Place.UnitA => UnitA,
                Place.UnitB => UnitB,
                Place.UnitC => UnitC,
                _ => Organization.Root,
            }));

    private static (string, Dictionary<Place, Queue<string>>) NewPool()
    {
        // Member ids start with 2, apart from EmulatorFixture.NewAccount's (1…), which are never members.
        string Next() => "2" + Interlocked.Increment(ref memberSeed).ToString("D11");
        var pool = Enum.GetValues<Place>().ToDictionary(p => p, _ => new Queue<string>(Enumerable.Range(0, PoolSize).Select(_ => Next())));
        return (Next(), pool);
    }
}

/// <summary>The same organization, with sharing never turned on.</summary>
public sealed class OrganizationSharingOffFixture() : OrganizationFixture(sharingOn: false);
