namespace LineageEmulator.Benchmarks.Figures;

/// <summary>
/// Memory per lineage entity: RSS growth of this process (the emulator runs in it) while it takes N contexts and
/// 2N associations (each context i is the source of edges to i+1 and i+2, half of them Produced), divided by N. RSS is read after a
/// compacting collection that returns freed memory, before and after, so it counts what the store keeps, not
/// garbage the fill left. Then the ListAssociations page figure at 2N associations in the account.
/// Takes minutes at the N of 1,000,000: only with --memory [N].
/// </summary>
public static class EntityMemory
{
    public static async Task Run(Bench bench, Report report, int contexts)
    {
        var account = bench.NewAccount();
        var before = Rss.Settled();
        var managedBefore = GC.GetTotalMemory(forceFullCollection: true);
        string Arn(int i) => $"arn:aws:sagemaker:us-east-1:{account}:context/context-{i}";
        await bench.Fill(contexts, i => bench.Call(account, "CreateContext",
            $$$"""{"ContextName":"context-{{{i}}}","ContextType":"Endpoint","Source":{"SourceUri":"s3://memory/{{{i}}}"}}"""));
        await bench.Fill(2 * contexts, i => bench.Call(account, "AddAssociation",
            $$"""{"SourceArn":"{{Arn(i / 2)}}","DestinationArn":"{{Arn((i / 2 + 1 + i % 2) % contexts)}}","AssociationType":"{{(i % 2 == 0 ? "ContributedTo" : "Produced")}}"}"""));
        var after = Rss.Settled();
        var managedAfter = GC.GetTotalMemory(forceFullCollection: true);
        var perEntity = (after - before) / (double)contexts;
        report.Add($"Memory per lineage entity ({contexts:N0} contexts + {2 * contexts:N0} associations, RSS growth / {contexts:N0})",
            $"{perEntity:N0} bytes ({(after - before) / 1024.0 / 1024.0:N0} MiB in all; managed heap {(managedAfter - managedBefore) / (double)contexts:N0} bytes/entity)",
            "≤ 1,024 bytes", perEntity <= 1024);
        await ListAssociationsPage.Measure(bench, report, account, 2 * contexts);
    }
}
