// A bare Kestrel minimal API: reads a POST body and answers a constant, and answers the emulator's health
// route. It does nothing an AWS call needs (no signature, dispatch, validation, state or log line), so it
// is the ceiling the emulator's reads and start-up are measured against.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
var constant = """{"ArtifactArn":"arn:aws:sagemaker:us-east-1:000000000000:artifact/0","ArtifactType":"DataSet"}"""u8.ToArray();
app.MapPost("/", async (HttpContext http) =>
{
    using var body = new StreamReader(http.Request.Body);
    await body.ReadToEndAsync();
    http.Response.ContentType = "application/x-amz-json-1.1";
    await http.Response.Body.WriteAsync(constant);
});
app.MapGet("/_emulator/health", () => "ok");
app.Run();
