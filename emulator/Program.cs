using LineageEmulator.Hosting;
using LineageEmulator.State.Persistence;

var builder = WebApplication.CreateSlimBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_URLS")))
    builder.WebHost.UseUrls($"http://localhost:{EmulatorOptions.DefaultPort}");
EmulatorHost.ConfigureServices(builder.Services, builder.Configuration);

var app = builder.Build();
try
{
    EmulatorHost.MapRoutes(app);
}
catch (EmulatorStartupException e)
{
    // A person started this: say what is wrong, without a stack trace.
    Console.Error.WriteLine("lineage-emulator: " + e.Message);
    return 1;
}
app.Run();
return 0;

public partial class Program;
