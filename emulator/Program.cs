using LineageEmulator.Hosting;

return await EmulatorCommandLine.RunAsync(args);

public partial class Program;
