// Clients' scenarios run one after another: the machine has two cores, and each client's class starts its
// own emulator process.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
