using LineageEmulator.Hosting;

var builder = WebApplication.CreateSlimBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_URLS")))
    builder.WebHost.UseUrls($"http://localhost:{EmulatorOptions.DefaultPort}");
EmulatorHost.ConfigureServices(builder.Services, builder.Configuration);

var app = builder.Build();
EmulatorHost.MapRoutes(app);
app.Run();

public partial class Program;
